/**
 * Writes an export off the UI thread: a vCard or CSV of 30,000 people, a
 * backup of everything, the calendar. The worker fills its own replica of
 * the document (replica.ts), resolves the selection with the same search
 * People uses, writes the file with progress, and hands it over as a Blob.
 */
import * as Y from 'yjs';
import { writeVCard } from '../../../../shared/interop/vcard-write';
import { writeCsv } from '../../../../shared/interop/csv-write';
import { backupFileName, exportBackup } from '../../../../shared/interop/backup';
import { writeIcs } from '../../../../shared/interop/ics-write';
import { PeopleSearch } from '../../../../shared/search/people-search';
import { loadStoredReplica } from '../../doc/replica';
import type { ExportRequest, ExportSelection, FromExportWorker, ToExportWorker } from './export-messages';

const replica = new Y.Doc();
const post = (message: FromExportWorker) => (self as unknown as Worker).postMessage(message);

/** The ids of the people a selection names: every match, not only the first screenful People shows. */
function selectedIds(selection: ExportSelection): string[] | undefined {
  if (!selection) return undefined;
  const search = new PeopleSearch(replica);
  try {
    return search.search(selection.query, selection.filters, Number.MAX_SAFE_INTEGER).map((result) => result.person.id);
  } finally {
    search.destroy();
  }
}

function write({ kind, selection, now, timeZone, day }: ExportRequest): FromExportWorker {
  const onProgress = (done: number, total: number) => post({ type: 'progress', done, total });
  if (kind === 'vcard' || kind === 'csv') {
    const ids = selectedIds(selection);
    let people = 0;
    const counting = (done: number, total: number) => {
      people = total;
      onProgress(done, total);
    };
    const text = kind === 'vcard' ? writeVCard(replica, { ids, onProgress: counting }) : writeCsv(replica, { ids, onProgress: counting });
    const [extension, type] = kind === 'vcard' ? ['vcf', 'text/vcard'] : ['csv', 'text/csv'];
    return { type: 'done', file: new Blob([text], { type }), fileName: `kith-contacts-${day}.${extension}`, people };
  }
  if (kind === 'backup') return { type: 'done', file: new Blob([exportBackup(replica)], { type: 'application/json' }), fileName: backupFileName(day), people: null };
  const ics = writeIcs(replica, { now: new Date(now), timeZone });
  return { type: 'done', file: new Blob([ics], { type: 'text/calendar' }), fileName: `kith-follow-ups-${day}.ics`, people: null };
}

self.onmessage = (event: MessageEvent<ToExportWorker>) => {
  const message = event.data;
  if (message.type === 'load') {
    void loadStoredReplica(replica, message.docName).then((stateVector) => post({ type: 'loaded', stateVector }));
  } else if (message.type === 'update') {
    Y.applyUpdate(replica, message.update);
  } else {
    try {
      post(write(message));
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
};
