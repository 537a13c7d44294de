import { useRef, useState } from 'react';
import type * as Y from 'yjs';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { RestoreError, restoreBackup } from '../../../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../../../shared/interop/errors';
import type { Suggestions } from '../../doc/suggestions';
import { exportRunning, type ExportKind, type ExportSelection } from './exports';
import { useExportState } from './ExportStatus';
import { openImport } from './ImportFlow';
import { Icon } from '../../ui/icons';

/** `forContacts`: the export follows "Contacts to export". */
const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string; about: string; forContacts?: boolean }> = [
  { kind: 'vcard', label: 'Contacts (vCard)', about: 'For Apple Contacts, Google Contacts or Outlook. Links and Kith’s own fields come back when Kith reads it.', forContacts: true },
  { kind: 'csv', label: 'Contacts (CSV)', about: 'One row a person, for a spreadsheet.', forContacts: true },
  { kind: 'backup', label: 'Back up everything (JSON)', about: 'People, links, notes, follow-ups and your profile, to restore into an empty network.' },
  { kind: 'ics', label: 'Follow-ups for your calendar (ICS)', about: 'Commitments with a due day and who is due a hello, as all-day events.' },
];

type Status = { kind: 'ok' | 'error'; text: string } | null;

/** The "Whom" choice as one select value: everyone, a tag or an organisation. */
const EVERYONE = 'everyone';
const selectionOf = (choice: string): ExportSelection => {
  if (choice.startsWith('tag:')) return { query: '', filters: { tag: choice.slice(4) } };
  if (choice.startsWith('org:')) return { query: '', filters: { org: choice.slice(4) } };
  return null;
};

interface DataViewProps {
  doc: Y.Doc;
  suggestions: Pick<Suggestions, 'tags' | 'org'>;
  onExport(kind: ExportKind, selection: ExportSelection): void;
}

/** Import and export: bring a network in, take it all out (or some of it), restore a backup. */
export function DataView({ doc, suggestions, onExport }: DataViewProps) {
  const [restoreStatus, setRestoreStatus] = useState<Status>(null);
  const [whom, setWhom] = useState(EVERYONE);
  const restoreInput = useRef<HTMLInputElement>(null);
  const running = exportRunning(useExportState());
  // A tag or organisation no one has any more (the last person with it was edited or deleted) falls back to everyone.
  const chosen = [...suggestions.tags.map((tag) => `tag:${tag}`), ...suggestions.org.map((org) => `org:${org}`)].includes(whom) ? whom : EVERYONE;

  const restore = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      setRestoreStatus({ kind: 'error', text: `This file is ${Math.round(file.size / 1024 / 1024)} MB, larger than any Kith backup Kith reads (${MAX_IMPORT_BYTES / 1024 / 1024} MB).` });
      return;
    }
    try {
      const { people } = restoreBackup(doc, await file.text(), LOCAL_UI);
      setRestoreStatus({ kind: 'ok', text: `Restored ${people.toLocaleString()} ${people === 1 ? 'person' : 'people'} from ${file.name}.` });
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      setRestoreStatus({ kind: 'error', text: error.message });
    }
  };

  return (
    <section className="view scroll" aria-labelledby="data-title">
      <header className="view-header">
        <div>
          <h1 id="data-title">Import and export</h1>
          <p className="muted">Your network is yours: bring it in from other apps, and take all of it out whenever you like.</p>
        </div>
      </header>
      <div className="detail">
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
            accept=".json,application/json"
            data-testid="restore-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void restore(file);
            }}
          />
          <div className="form-actions data-actions">
            <button type="button" className="button" onClick={() => restoreInput.current?.click()}>
              Restore from a backup…
            </button>
          </div>
          {restoreStatus ? (
            <p className={restoreStatus.kind === 'error' ? 'field-error' : 'muted'} role={restoreStatus.kind === 'error' ? 'alert' : 'status'}>
              {restoreStatus.text}
            </p>
          ) : null}
        </section>
      </div>
    </section>
  );
}
