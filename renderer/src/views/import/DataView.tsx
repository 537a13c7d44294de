import { useRef, useState } from 'react';
import { BACKUP_EXTENSION } from '../../../../shared/interop/backup';
import type { Suggestions } from '../../doc/suggestions';
import { exportRunning, type ExportKind, type ExportSelection } from './exports';
import { useExportState } from './ExportStatus';
import { openImport } from './ImportFlow';
import { cancelRestore, startRestore, useRestoreState, type RestoreState } from './restores';
import { Icon } from '../../ui/icons';
import type { SlicedWriter } from '../../doc/sliced-write';

/** `forContacts`: the export follows "Contacts to export". */
const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string; about: string; forContacts?: boolean }> = [
  { kind: 'vcard', label: 'Contacts (vCard)', about: 'For Apple Contacts, Google Contacts or Outlook. Links and Kith’s own fields come back when Kith reads it.', forContacts: true },
  { kind: 'csv', label: 'Contacts (CSV)', about: 'One row a person, for a spreadsheet.', forContacts: true },
  { kind: 'backup', label: 'Back up everything', about: `People, links, notes, follow-ups and your profile, as one .${BACKUP_EXTENSION} file to restore into an empty network.` },
  { kind: 'ics', label: 'Follow-ups for your calendar (ICS)', about: 'Commitments with a due day and who is due a hello, as all-day events.' },
];

/** The "Whom" choice as one select value: everyone, a tag or an organisation. */
const EVERYONE = 'everyone';
const selectionOf = (choice: string): ExportSelection => {
  if (choice.startsWith('tag:')) return { query: '', filters: { tag: choice.slice(4) } };
  if (choice.startsWith('org:')) return { query: '', filters: { org: choice.slice(4) } };
  return null;
};

interface DataViewProps {
  /** The window's document and what writes a restore into it (the DocStore). */
  writer: SlicedWriter;
  /** y-indexeddb's database, which the restore worker reads itself. */
  docName: string | null;
  suggestions: Pick<Suggestions, 'tags' | 'org'>;
  onExport(kind: ExportKind, selection: ExportSelection): void;
}

/** Import and export: bring a network in, take it all out (or some of it), restore a backup. */
export function DataView({ writer, docName, suggestions, onExport }: DataViewProps) {
  const restoring = useRestoreState();
  const [whom, setWhom] = useState(EVERYONE);
  const restoreInput = useRef<HTMLInputElement>(null);
  const running = exportRunning(useExportState());
  // A tag or organisation no one has any more (the last person with it was edited or deleted) falls back to everyone.
  const chosen = [...suggestions.tags.map((tag) => `tag:${tag}`), ...suggestions.org.map((org) => `org:${org}`)].includes(whom) ? whom : EVERYONE;

  /** Restore chosen beside an opened backup's refusal: its outcome takes the refusal's place at the top. */
  const chosenAtTop = useRef(false);
  const choose = (atTop: boolean) => {
    chosenAtTop.current = atTop;
    restoreInput.current?.click();
  };
  const working = restoring?.phase === 'reading' || restoring?.phase === 'waiting';

  return (
    <section className="view scroll" aria-labelledby="data-title">
      <header className="view-header">
        <div>
          <h1 id="data-title">Import and export</h1>
          <p className="muted">Your network is yours: bring it in from other apps, and take all of it out whenever you like.</p>
        </div>
      </header>
      <div className="detail">
        {restoring?.opened ? (
          // A backup Kith was opened with: what came of it first, where the window opens, with Cancel while it runs and Restore's own offer beside a refusal.
          <section className="card" aria-labelledby="data-opened-title" data-testid="opened-backup">
            <h2 className="card-title" id="data-opened-title">Opened backup</h2>
            <RestoreStatus state={restoring} />
            {working || restoring.phase === 'failed' || restoring.phase === 'cancelled' ? (
              <div className="form-actions data-actions">
                {working ? (
                  <button type="button" className="button" onClick={cancelRestore}>
                    Cancel
                  </button>
                ) : (
                  <button type="button" className="button" onClick={() => choose(true)}>
                    Restore from a backup…
                  </button>
                )}
              </div>
            ) : null}
          </section>
        ) : null}
        <section className="card" aria-labelledby="data-import-title">
          <h2 className="card-title" id="data-import-title">Import contacts</h2>
          <p className="muted">
            vCard files from Apple Contacts, Google Contacts, Outlook or Android; CSV from Google, Outlook, LinkedIn’s
            Connections.csv or any spreadsheet. You see a preview first; people already here are matched, never duplicated.
          </p>
          <div className="form-actions data-actions">
            <button type="button" className="button button-primary" onClick={openImport}>
              <Icon name="plus" size={16} />
              Import contacts…
            </button>
          </div>
        </section>
        <section className="card" aria-labelledby="data-export-title">
          <h2 className="card-title" id="data-export-title">Export</h2>
          <label className="data-whom">
            <span>Contacts to export</span>
            <select aria-label="Contacts to export" value={chosen} onChange={(event) => setWhom(event.target.value)}>
              <option value={EVERYONE}>Everyone (the whole network)</option>
              {suggestions.tags.length ? (
                <optgroup label="By tag">
                  {suggestions.tags.map((tag) => (
                    <option key={tag} value={`tag:${tag}`}>Tagged “{tag}”</option>
                  ))}
                </optgroup>
              ) : null}
              {suggestions.org.length ? (
                <optgroup label="By organisation">
                  {suggestions.org.map((org) => (
                    <option key={org} value={`org:${org}`}>At {org}</option>
                  ))}
                </optgroup>
              ) : null}
            </select>
            <span className="muted">For vCard and CSV. To export a search, use Export in People while it is shown.</span>
          </label>
          <ul className="plain-list data-exports">
            {EXPORTS.map(({ kind, label, about, forContacts }) => (
              <li key={kind}>
                <div>
                  <strong>{label}</strong>
                  <p className="muted">{about}</p>
                </div>
                <button type="button" className="button" disabled={running} onClick={() => onExport(kind, forContacts ? selectionOf(chosen) : null)}>
                  Export
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="data-restore-title">
          <h2 className="card-title" id="data-restore-title">Restore a backup</h2>
          <p className="muted">Brings back everything a “Back up everything” file holds. Only into an empty network, so nothing here is overwritten.</p>
          <input
            ref={restoreInput}
            type="file"
            hidden
            accept={`.${BACKUP_EXTENSION},.json,application/json`}
            data-testid="restore-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) startRestore(writer, docName, file, { atTop: chosenAtTop.current });
            }}
          />
          <div className="form-actions data-actions">
            {working && !restoring?.opened ? (
              <button type="button" className="button" onClick={cancelRestore}>
                Cancel
              </button>
            ) : (
              <button type="button" className="button" disabled={working || restoring?.phase === 'writing'} onClick={() => choose(false)}>
                Restore from a backup…
              </button>
            )}
          </div>
          {restoring && !restoring.opened ? <RestoreStatus state={restoring} /> : null}
        </section>
      </div>
    </section>
  );
}

/** Where a restore is: waiting for the network, reading with progress, done, cancelled or refused (with the sentence why). */
function RestoreStatus({ state }: { state: NonNullable<RestoreState> }) {
  switch (state.phase) {
    case 'waiting':
      return (
        <p className="muted" role="status">
          Restoring {state.fileName} once this network has loaded…
        </p>
      );
    case 'reading':
      return (
        <div role="status">
          <p className="muted">
            {state.total && state.done === state.total
              ? `Checked all ${state.total.toLocaleString()} entries of ${state.fileName}; restoring them…`
              : `Checking ${state.fileName}${state.total ? ` (${state.done.toLocaleString()} of ${state.total.toLocaleString()} entries)` : ''}… Nothing is changed until the whole file has been read.`}
          </p>
          <progress className="import-progress" aria-label="Restore progress" max={state.total || undefined} value={state.total ? state.done : undefined} />
        </div>
      );
    case 'writing':
      return (
        <div role="status">
          <p className="muted">
            Writing {state.people.toLocaleString()} {state.people === 1 ? 'person' : 'people'} from {state.fileName} into this network…
          </p>
          <progress className="import-progress" aria-label="Restore progress" max={state.total} value={state.done} />
        </div>
      );
    case 'restored':
      return (
        <p className="muted" role="status">
          Restored {state.people.toLocaleString()} {state.people === 1 ? 'person' : 'people'} from {state.fileName}.
        </p>
      );
    case 'cancelled':
      return (
        <p className="muted" role="status">
          Restore of {state.fileName} cancelled. Nothing was changed.
        </p>
      );
    case 'failed':
      return (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      );
  }
}
