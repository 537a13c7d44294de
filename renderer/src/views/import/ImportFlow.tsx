/**
 * Bringing contacts in, as a person does it: drop a file anywhere on the
 * window (or choose one), confirm the columns of a spreadsheet, look at what
 * would change, then import with a progress bar and a Cancel that leaves the
 * network as it was. The reading, planning and writing run in
 * import.worker.ts; the window applies what it wrote in slices, one per
 * task, as one undo step (doc/sliced-write.ts): a 30,000-row import is tens
 * of megabytes, and applied at once it held the window for seconds. Cancel
 * works until the worker is done; the slices, once begun, all go in.
 *
 * Opened by a drop, by `openImport()` (the palette, the first-run screen,
 * Import and export) and by File ▸ Import in Electron's menu; started on a
 * file by opening a .vcf with Kith (Electron's `importRequested` with the
 * file, or `pendingImportFile` for the file Kith was started with).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImportFile, KithApi } from '../../../../shared/host/contract';
import { tooLarge, type ImportWarning } from '../../../../shared/interop/errors';
import type { CsvMapping, CsvTarget } from '../../../../shared/interop/csv-read';
import type { ImportChoices, ImportOutcome } from '../../../../shared/interop/plan';
import { missingUpdate } from '../../doc/replica';
import type { SlicedWriter } from '../../doc/sliced-write';
import type { FromWorker, MappingRequest, NamingPreview, Preview, ToWorker } from './import-messages';
import { Icon } from '../../ui/icons';
import { MOD_LABEL } from '../../ui/keys';
import { useFocusTrap } from '../../ui/focus';

const IMPORT_EVENT = 'kith:open-import';

/** Opens the import dialog at its first step (choose or drop a file). */
export function openImport(): void {
  window.dispatchEvent(new Event(IMPORT_EVENT));
}

type Step =
  | { step: 'choose' }
  | { step: 'reading'; fileName: string }
  | { step: 'mapping'; fileName: string; request: MappingRequest }
  | { step: 'preview'; fileName: string; preview: Preview }
  | { step: 'applying'; fileName: string; done: number; total: number }
  /** The worker is done; its slices go into the network (`done` of `total`), and cannot be stopped now. */
  | { step: 'writing'; fileName: string; people: number; done: number; total: number }
  | { step: 'result'; fileName: string; outcome: ImportOutcome; names: Record<number, string> }
  | { step: 'cancelled'; fileName: string }
  /** `written`: it stopped part way through writing; Undo takes back what went in. */
  | { step: 'failed'; fileName: string; message: string; line: number | null; written?: boolean };

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

export function ImportFlow({ writer, docName, api }: { writer: SlicedWriter; docName: string | null; api: Pick<KithApi, 'onImportRequested' | 'pendingImportFile'> }) {
  const [state, setState] = useState<Step | null>(null);
  const [dragging, setDragging] = useState(false);
  const worker = useRef<Worker | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog, state !== null);
  const step = state?.step;
  const busyNow = useRef(false);
  useEffect(() => {
    busyNow.current = busy(state);
  }, [state]);

  // Each step's keys (Escape, Enter on its button) work at once: focus goes into the dialog unless a control there has it.
  useEffect(() => {
    if (step && dialog.current && !dialog.current.contains(document.activeElement)) dialog.current.focus();
  }, [step]);

  const stopWorker = () => {
    worker.current?.terminate();
    worker.current = null;
  };
  useEffect(() => stopWorker, []);

  const close = useCallback(() => {
    stopWorker();
    setState(null);
  }, []);

  const send = (message: ToWorker, transfer: Transferable[] = []) => worker.current?.postMessage(message, transfer);

  const start = useCallback(
    async (file: File) => {
      stopWorker();
      const fileName = file.name;
      // Refused before a byte is read: a file this size would hold the window's memory for minutes.
      const large = tooLarge(file.size);
      if (large) {
        setState({ step: 'failed', fileName, line: null, message: large });
        return;
      }
      setState({ step: 'reading', fileName });
      const bytes = new Uint8Array(await file.arrayBuffer());
      const next = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      worker.current = next;
      next.onmessage = (event: MessageEvent<FromWorker>) => {
        if (worker.current !== next) return;
        const message = event.data;
        switch (message.type) {
          case 'loaded': {
            const update = missingUpdate(writer.doc, message.stateVector);
            next.postMessage({ type: 'state', update } satisfies ToWorker, [update.buffer]);
            break;
          }
          case 'mapping':
            setState({ step: 'mapping', fileName, request: message });
            break;
          case 'preview':
            setState({ step: 'preview', fileName, preview: message });
            break;
          case 'progress':
            setState({ step: 'applying', fileName, done: message.done, total: message.total });
            break;
          case 'done': {
            stopWorker();
            const { outcome, names, slices } = message;
            const result: Step = { step: 'result', fileName, outcome, names };
            if (!slices.length) {
              setState(result);
              break;
            }
            const people = outcome.created.length + outcome.merged.length;
            setState({ step: 'writing', fileName, people, done: 0, total: slices.length });
            // The whole import, as this window's own edit: one undo step.
            writer
              .writeSlices(slices, { what: 'the import', onProgress: (done, total) => setState({ step: 'writing', fileName, people, done, total }) })
              .then(
                () => setState(result),
                (error: Error) =>
                  setState({
                    step: 'failed',
                    fileName,
                    line: null,
                    written: true,
                    message: `Writing the import stopped part way (${error.message}). Undo (${MOD_LABEL}+Z) takes back the part that went in.`,
                  }),
              );
            break;
          }
          case 'failed':
            stopWorker();
            setState({ step: 'failed', fileName, message: message.message, line: message.line });
            break;
        }
      };
      next.onerror = (event) => {
        stopWorker();
        setState({ step: 'failed', fileName, line: null, message: `The import stopped: ${event.message || 'its worker failed'}. Nothing was changed; try again.` });
      };
      next.postMessage({ type: 'read', bytes, fileName, docName } satisfies ToWorker, [bytes.buffer]);
    },
    [writer, docName],
  );

  useEffect(() => {
    let live = true;
    const open = () => setState((current) => current ?? { step: 'choose' });
    // A file the system opened Kith with (a double-clicked .vcf) is imported as a dropped one; an import under way is left alone.
    const openFile = (file: ImportFile | null) => {
      if (!live || !file) return;
      if (busyNow.current) return;
      void start(new File([file.bytes as Uint8Array<ArrayBuffer>], file.fileName));
    };
    window.addEventListener(IMPORT_EVENT, open);
    const stopMenu = api.onImportRequested((file) => (file ? openFile(file) : open()));
    api.pendingImportFile().then(openFile, () => undefined);
    return () => {
      live = false;
      window.removeEventListener(IMPORT_EVENT, open);
      stopMenu();
    };
  }, [api, start]);

  // A file dropped anywhere on the window starts an import; the overlay says so while it is dragged over.
  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file && !busyNow.current) void start(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [start]);

  const cancel = () => {
    if (state?.step === 'applying') {
      // The worker wrote only to its own copies: stopping it is the whole of undoing the import.
      stopWorker();
      setState({ step: 'cancelled', fileName: state.fileName });
    } else close();
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept=".vcf,.vcard,.csv,text/vcard,text/csv"
        data-testid="import-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void start(file);
        }}
      />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <Icon name="people" size={28} />
            <strong>Drop to import contacts</strong>
            <span className="muted">vCard (.vcf) or CSV from Google, Outlook or LinkedIn. Nothing is written before you see a preview.</span>
          </div>
        </div>
      ) : null}
      {state ? (
        <div className="import-backdrop" onMouseDown={(event) => event.target === event.currentTarget && !busy(state) && close()}>
          <div
            ref={dialog}
            tabIndex={-1}
            className="import-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="import-title"
            onKeyDown={(event) => {
              if (event.key === 'Escape') cancel();
            }}
          >
            <StepView state={state} onChoose={() => input.current?.click()} onCancel={cancel} onClose={close} send={send} />
          </div>
        </div>
      ) : null}
    </>
  );
}

const busy = (state: Step | null) => state?.step === 'applying' || state?.step === 'reading' || state?.step === 'writing';

interface StepProps {
  state: Step;
  onChoose(): void;
  onCancel(): void;
  onClose(): void;
  send(message: ToWorker): void;
}

function StepView({ state, onChoose, onCancel, onClose, send }: StepProps) {
  switch (state.step) {
    case 'choose':
      return (
        <Frame title="Import contacts" actions={<button type="button" className="button" onClick={onClose}>Cancel</button>}>
          <button type="button" className="import-dropzone" onClick={onChoose} autoFocus>
            <Icon name="plus" size={22} />
            <strong>Choose a file…</strong>
            <span className="muted">or drop it anywhere on this window</span>
          </button>
          <p className="muted">
            A vCard file (.vcf) from Apple Contacts, Google Contacts, Outlook or Android, or a CSV: Google’s or Outlook’s export,
            LinkedIn’s Connections.csv, or any spreadsheet with a name column. You see what would change before anything is written.
          </p>
        </Frame>
      );
    case 'reading':
      return (
        <Frame title="Reading the file…" subtitle={state.fileName} actions={<button type="button" className="button" onClick={onClose}>Cancel</button>}>
          <p className="muted" role="status">Reading {state.fileName} and comparing it with the people already in Kith.</p>
        </Frame>
      );
    case 'mapping':
      return <MappingStep fileName={state.fileName} request={state.request} onClose={onClose} send={send} />;
    case 'preview':
      return <PreviewStep fileName={state.fileName} preview={state.preview} onClose={onClose} send={send} />;
    case 'applying':
      return (
        <Frame title="Importing…" subtitle={state.fileName} actions={<button type="button" className="button" onClick={onCancel} autoFocus>Cancel</button>}>
          <progress className="import-progress" aria-label="Import progress" max={state.total} value={state.done} />
          <p className="muted" role="status">
            {state.done.toLocaleString()} of {(state.total - 1).toLocaleString()} contacts written to a draft. Cancel leaves your network as it was.
          </p>
        </Frame>
      );
    case 'writing':
      // No Cancel: half an import is no state to leave the network in, and Undo takes all of it back once it is in.
      return (
        <Frame title="Importing…" subtitle={state.fileName} actions={null}>
          <progress className="import-progress" aria-label="Writing progress" max={state.total} value={state.done} />
          <p className="muted" role="status">
            Writing {plural(state.people, 'person', 'people')} into your network. Once it is in, Undo ({MOD_LABEL}+Z) takes the whole import back.
          </p>
        </Frame>
      );
    case 'result':
      return <ResultStep fileName={state.fileName} outcome={state.outcome} names={state.names} onClose={onClose} />;
    case 'cancelled':
      return (
        <Frame title="Import cancelled" subtitle={state.fileName} actions={<button type="button" className="button button-primary" onClick={onClose} autoFocus>Close</button>}>
          <p role="status">Nothing was changed: your network is as it was before the import.</p>
        </Frame>
      );
    case 'failed':
      return (
        <Frame title="This file cannot be imported" subtitle={state.fileName} actions={<><button type="button" className="button" onClick={onClose}>Close</button><button type="button" className="button button-primary" onClick={onChoose} autoFocus>Choose another file…</button></>}>
          <p className="import-error" role="alert">
            {state.line ? <strong>Line {state.line}: </strong> : null}
            {state.message}
          </p>
          {state.written ? null : <p className="muted">Nothing was changed.</p>}
        </Frame>
      );
  }
}

function Frame({ title, subtitle, actions, children }: { title: string; subtitle?: string; actions: ReactNode; children: ReactNode }) {
  return (
    <>
      <header className="import-header">
        <h2 id="import-title">{title}</h2>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </header>
      <div className="import-body">{children}</div>
      {actions === null ? null : <footer className="form-actions import-actions">{actions}</footer>}
    </>
  );
}

const TARGET_LABELS: Record<CsvTarget, string> = {
  name: 'Full name', given: 'First name', middle: 'Middle name', family: 'Last name', prefix: 'Title (Dr, Ms…)', suffix: 'Suffix',
  nickname: 'Nickname', email: 'Email', phone: 'Phone', org: 'Organisation', title: 'Role', department: 'Department', url: 'Web link',
  note: 'About', tags: 'Tags', birthday: 'Birthday', address: 'Address', location: 'Location', howMet: 'How we met', metOn: 'Met on',
  uid: 'Identifier', ignore: 'Leave out',
};

const NAME_TARGETS = new Set<CsvTarget>(['name', 'given', 'family', 'nickname', 'email', 'phone', 'org']);

function MappingStep({ fileName, request, onClose, send }: { fileName: string; request: MappingRequest; onClose(): void; send(message: ToWorker): void }) {
  const [mapping, setMapping] = useState<CsvMapping>(request.proposal);
  const named = mapping.some((target) => NAME_TARGETS.has(target));
  return (
    <Frame
      title="What does each column hold?"
      subtitle={`${fileName} · Spreadsheet (CSV)`}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="button" className="button button-primary" disabled={!named} onClick={() => send({ type: 'map', mapping })}>
            Continue
          </button>
        </>
      }
    >
      <p className="muted">Kith guessed from the headers. Change any column that is wrong; “Leave out” skips it.</p>
      <table className="import-table">
        <thead>
          <tr><th>Column</th><th>First values</th><th>Goes to</th></tr>
        </thead>
        <tbody>
          {request.headers.map((header, column) => (
            <tr key={column}>
              <td>{header || `Column ${column + 1}`}</td>
              <td className="muted">{request.samples.map((row) => row[column]).filter(Boolean).join(' · ')}</td>
              <td>
                <select
                  aria-label={`Column ${header || column + 1}`}
                  value={mapping[column]}
                  onChange={(event) => setMapping(mapping.map((target, i) => (i === column ? (event.target.value as CsvTarget) : target)))}
                >
                  {request.targets.map((target) => (
                    <option key={target} value={target}>{TARGET_LABELS[target]}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {named ? null : <p className="field-error" role="alert">Choose at least one column that names each person (a name, email or phone).</p>}
    </Frame>
  );
}

const RULE_LABELS = { uid: 'same identifier', email: 'same email', phone: 'same phone', name: 'same name' } as const;
const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

function PreviewStep({ fileName, preview, onClose, send }: { fileName: string; preview: Preview; onClose(): void; send(message: ToWorker): void }) {
  const [all, setAll] = useState<'merge' | 'new'>('merge');
  const [byIndex, setByIndex] = useState<Record<number, 'merge' | 'new'>>({});
  const [names, setNames] = useState<Record<number, string>>(() => Object.fromEntries(preview.naming.map((card) => [card.index, card.proposal])));
  const { counts } = preview;
  const nothingNew = counts.new === 0 && counts.matched === 0 && preview.naming.length === 0;
  const given = Object.fromEntries(Object.entries(names).filter(([, name]) => name.trim() !== ''));
  const choices: ImportChoices = { matched: all, byIndex, names: given };
  // Cards that name no one come in only when named here.
  const writes = counts.new + counts.matched + preview.naming.filter((card) => card.from === 'none' && given[card.index]).length;
  // New people to name are listed under "Name these", not among the new names.
  const newMore = counts.new - preview.newNames.length - preview.naming.filter((card) => card.from !== 'none').length;
  return (
    <Frame
      title={nothingNew ? 'Nothing new' : 'Ready to import'}
      subtitle={`${fileName} · ${preview.kindLabel} · ${plural(preview.total, 'contact', 'contacts')}`}
      actions={
        nothingNew ? (
          <button type="button" className="button button-primary" onClick={onClose} autoFocus>Close</button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>Cancel</button>
            <button type="button" className="button button-primary" disabled={writes === 0} onClick={() => send({ type: 'apply', choices })} autoFocus>
              Import {plural(writes, 'person', 'people')}
            </button>
          </>
        )
      }
    >
      {nothingNew ? (
        <p role="status">Everyone in this file is already in Kith with these details. Importing it again would change nothing.</p>
      ) : null}
      <ul className="import-counts" aria-label="What would change">
        <li data-testid="import-new"><strong>{counts.new.toLocaleString()}</strong> new</li>
        <li data-testid="import-matched"><strong>{counts.matched.toLocaleString()}</strong> matched</li>
        <li data-testid="import-unchanged"><strong>{counts.unchanged.toLocaleString()}</strong> unchanged</li>
        <li data-testid="import-skipped"><strong>{preview.skipped.length.toLocaleString()}</strong> skipped</li>
      </ul>

      {preview.newNames.length ? (
        <section aria-labelledby="import-new-title">
          <h3 id="import-new-title">New people</h3>
          <p className="import-names">
            {preview.newNames.join(', ')}
            {newMore > 0 ? ` and ${newMore.toLocaleString()} more` : ''}
          </p>
        </section>
      ) : null}

      {preview.naming.length ? <NamingSection cards={preview.naming} more={counts.unnamed - preview.naming.filter((card) => card.from === 'none').length} names={names} onName={(index, name) => setNames({ ...names, [index]: name })} /> : null}

      {preview.matched.length ? (
        <section aria-labelledby="import-matched-title">
          <div className="import-section-head">
            <h3 id="import-matched-title">Already in Kith</h3>
            <label>
              For all:{' '}
              <select aria-label="For all matches" value={all} onChange={(event) => { setAll(event.target.value as 'merge' | 'new'); setByIndex({}); }}>
                <option value="merge">Merge into existing</option>
                <option value="new">Add as new</option>
              </select>
            </label>
          </div>
          <ul className="import-matches">
            {preview.matched.map((match) => (
              <li key={match.index} data-testid="import-match">
                <div>
                  <strong>{match.name}</strong>
                  {match.name !== match.personName ? <> → {match.personName}</> : null}{' '}
                  <span className="muted">({RULE_LABELS[match.rule]})</span>
                  <ul className="import-adds">
                    {match.adds.length ? match.adds.map((line) => <li key={line}>+ {line}</li>) : <li className="muted">Nothing new to add; Kith notes this file as where they came from.</li>}
                    {match.conflicts.map((line) => <li key={line} className="import-conflict">{line}</li>)}
                  </ul>
                </div>
                <select
                  aria-label={`What to do with ${match.name}`}
                  value={byIndex[match.index] ?? all}
                  onChange={(event) => setByIndex({ ...byIndex, [match.index]: event.target.value as 'merge' | 'new' })}
                >
                  <option value="merge">Merge into existing</option>
                  <option value="new">Add as new</option>
                </select>
              </li>
            ))}
          </ul>
          {counts.matched > preview.matched.length ? (
            <p className="muted">and {(counts.matched - preview.matched.length).toLocaleString()} more, which follow “For all”.</p>
          ) : null}
        </section>
      ) : null}

      <Problems title="Skipped" items={preview.skipped} testId="import-skipped-list" />
      <Problems title="Warnings" items={preview.warnings} testId="import-warnings" />
    </Frame>
  );
}

const FROM_LABELS = { none: 'names no one', email: 'named only by its email', phone: 'named only by its phone' } as const;

/** Cards with no name of their own: the user types one, or confirms the one read from the email. */
function NamingSection({ cards, more, names, onName }: { cards: NamingPreview[]; more: number; names: Record<number, string>; onName(index: number, name: string): void }) {
  return (
    <section aria-labelledby="import-naming-title">
      <h3 id="import-naming-title">Name these</h3>
      <p className="muted">
        Who are they? A name read from an email is only a guess: check it. A card that names no one is left out unless you name it;
        one with an email or phone keeps that as its name when the field is empty.
      </p>
      <ul className="import-naming">
        {cards.map((card) => {
          const name = names[card.index] ?? '';
          const note =
            card.proposal && name === card.proposal ? 'Read from the email' : card.from === 'none' && !name.trim() ? 'Left out unless named' : '';
          return (
            <li key={card.index} data-testid="import-naming">
              <label>
                <span className="import-naming-card">
                  <span className="muted">Line {card.line} · {FROM_LABELS[card.from]}</span>
                  <span>{card.holds}</span>
                </span>
                <input
                  type="text"
                  value={name}
                  placeholder={card.fallback || 'Their name'}
                  aria-label={`Name for the card on line ${card.line}`}
                  onChange={(event) => onName(card.index, event.target.value)}
                />
              </label>
              {note ? <span className="muted import-naming-note">{note}</span> : null}
            </li>
          );
        })}
      </ul>
      {more > 0 ? <p className="muted">and {plural(more, 'more card', 'more cards')} with no name, left out (listed under Skipped).</p> : null}
    </section>
  );
}

function Problems({ title, items, testId }: { title: string; items: ImportWarning[]; testId: string }) {
  if (!items.length) return null;
  return (
    <details className="import-problems" data-testid={testId}>
      <summary>{title} ({items.length.toLocaleString()})</summary>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item.line ? <span className="muted">Line {item.line}: </span> : null}
            {item.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ResultStep({ fileName, outcome, names, onClose }: { fileName: string; outcome: ImportOutcome; names: Record<number, string>; onClose(): void }) {
  const nothing = !outcome.created.length && !outcome.merged.length && !outcome.links;
  return (
    <Frame title={nothing ? 'Nothing new' : 'Imported'} subtitle={fileName} actions={<button type="button" className="button button-primary" onClick={onClose} autoFocus>Done</button>}>
      <p role="status" data-testid="import-result">
        {nothing
          ? 'Nothing was changed.'
          : [
              outcome.created.length ? `${plural(outcome.created.length, 'new person', 'new people')} added` : '',
              outcome.merged.length ? `${plural(outcome.merged.length, 'person', 'people')} updated` : '',
              outcome.links ? `${plural(outcome.links, 'link', 'links')} made` : '',
            ]
              .filter(Boolean)
              .join(', ') + '.'}
      </p>
      {outcome.skipped.length ? (
        <details className="import-problems" open>
          <summary>Left out ({outcome.skipped.length.toLocaleString()})</summary>
          <ul>
            {outcome.skipped.map((skip) => (
              <li key={skip.index}><strong>{names[skip.index]}</strong>: {skip.reason}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {nothing ? null : <p className="muted">Undo ({MOD_LABEL}+Z) takes the whole import back.</p>}
    </Frame>
  );
}
