import { useRef, useState } from 'react';
import type * as Y from 'yjs';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { RestoreError, restoreBackup } from '../../../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../../../shared/interop/errors';
import { exportFile, type ExportKind } from './exports';
import { openImport } from './ImportFlow';
import { Icon } from '../../ui/icons';

const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string; about: string }> = [
  { kind: 'vcard', label: 'Contacts (vCard)', about: 'Everyone, for Apple Contacts, Google Contacts or Outlook. Links and Kith’s own fields come back when Kith reads it.' },
  { kind: 'csv', label: 'Contacts (CSV)', about: 'One row a person, for a spreadsheet.' },
  { kind: 'backup', label: 'Back up everything (JSON)', about: 'People, links, notes, follow-ups and your profile, to restore into an empty network.' },
  { kind: 'ics', label: 'Follow-ups for your calendar (ICS)', about: 'Commitments with a due day and who is due a hello, as all-day events.' },
];

type Status = { kind: 'ok' | 'error'; text: string } | null;

/** Import and export: bring a network in, take it all out, restore a backup. */
export function DataView({ doc }: { doc: Y.Doc }) {
  const [status, setStatus] = useState<Status>(null);
  const [restoreStatus, setRestoreStatus] = useState<Status>(null);
  const restoreInput = useRef<HTMLInputElement>(null);

  const runExport = (kind: ExportKind) => {
    try {
      setStatus({ kind: 'ok', text: `Saved ${exportFile(doc, kind)}.` });
    } catch (error) {
      setStatus({ kind: 'error', text: `The export failed: ${(error as Error).message}. Nothing was changed; try again.` });
    }
  };

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
          <ul className="plain-list data-exports">
            {EXPORTS.map(({ kind, label, about }) => (
              <li key={kind}>
                <div>
                  <strong>{label}</strong>
                  <p className="muted">{about}</p>
                </div>
                <button type="button" className="button" onClick={() => runExport(kind)}>
                  Export
                </button>
              </li>
            ))}
          </ul>
          {status ? (
            <p className={status.kind === 'error' ? 'field-error' : 'muted'} role={status.kind === 'error' ? 'alert' : 'status'}>
              {status.text}
            </p>
          ) : null}
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
