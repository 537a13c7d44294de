/**
 * Taking everything out: each export is written from the document and handed
 * to the browser as a download (a Blob URL on an <a download>). In Electron
 * a download opens the system's Save dialog (its default for will-download),
 * so the page never names a path and the host needs no file-writing call.
 */
import type * as Y from 'yjs';
import { writeVCard } from '../../../../shared/interop/vcard-write';
import { writeCsv } from '../../../../shared/interop/csv-write';
import { exportBackup } from '../../../../shared/interop/backup';
import { writeIcs } from '../../../../shared/interop/ics-write';

export type ExportKind = 'vcard' | 'csv' | 'backup' | 'ics';

/** The revoke waits: the browser reads the Blob after click() returns. */
const REVOKE_AFTER_MS = 60_000;

export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

const today = (now: Date) =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

/** Writes one export and starts its download; returns the file name. */
export function exportFile(doc: Y.Doc, kind: ExportKind, now = new Date()): string {
  const day = today(now);
  const [fileName, text, type] =
    kind === 'vcard'
      ? [`kith-contacts-${day}.vcf`, writeVCard(doc), 'text/vcard']
      : kind === 'csv'
        ? [`kith-contacts-${day}.csv`, writeCsv(doc), 'text/csv']
        : kind === 'backup'
          ? [`kith-backup-${day}.json`, exportBackup(doc), 'application/json']
          : [`kith-follow-ups-${day}.ics`, writeIcs(doc, { now, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }), 'text/calendar'];
  download(fileName, text, type);
  return fileName;
}
