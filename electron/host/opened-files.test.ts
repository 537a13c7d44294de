import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { backupFile, contract, importFile, type ImportFile } from '../../shared/host/contract';
import { backupFileName, exportBackup, restoreBackup } from '../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../shared/interop/errors';
import { FileOpener, OPENED_FILE_EVENTS, openedFileArgument, openedFileKind, type OpenedFileKind } from './opened-files';

const VCARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kith-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function opener(accepts = true) {
  const sent: ImportFile[] = [];
  const kinds: OpenedFileKind[] = [];
  const report = vi.fn();
  const files = new FileOpener({ send: (kind, file) => (accepts ? (kinds.push(kind), sent.push(file), true) : false), report });
  return { files, sent, kinds, report };
}

/** A backup as Kith writes it: a network of one person. */
function backupText(): string {
  const doc = new Y.Doc();
  const person = new Y.Map<unknown>();
  person.set('name', 'Ada Lovelace');
  doc.getMap('contacts').set('person:ada', person);
  return exportBackup(doc);
}

describe('openedFileArgument', () => {
  it('finds the contacts file the system passed, never the executable or an option', () => {
    expect(openedFileArgument(['/opt/Kith/kith', '--no-sandbox', '/home/ada/Friends.VCF'])).toBe('/home/ada/Friends.VCF');
    expect(openedFileArgument(['/opt/Kith/kith', 'C:\\Users\\ada\\card.vcard'])).toBe('C:\\Users\\ada\\card.vcard');
    expect(openedFileArgument(['/x/contacts.vcf'])).toBeNull();
    expect(openedFileArgument(['/opt/Kith/kith', '--flag=a.vcf', 'kith://person/abc'])).toBeNull();
  });

  it('finds a backup too, and tells contacts from backups by the extension', () => {
    expect(openedFileArgument(['/opt/Kith/kith', '--no-sandbox', '/home/ada/kith-backup-2026-12-03.KithBackup'])).toBe('/home/ada/kith-backup-2026-12-03.KithBackup');
    expect(openedFileArgument(['/opt/Kith/kith', '/home/ada/kith-backup-2026-12-03.json'])).toBeNull();
    expect(openedFileArgument(['/opt/Kith/kith', '--flag=a.kithbackup'])).toBeNull();
    expect(openedFileKind('Friends.vcf')).toBe('import');
    expect(openedFileKind('card.VCARD')).toBe('import');
    expect(openedFileKind(backupFileName('2026-12-03'))).toBe('restore');
    expect(openedFileKind('kithbackup')).toBeNull();
    expect(openedFileKind('notes.kithbackup.txt')).toBeNull();
  });
});

describe('FileOpener', () => {
  it('keeps a file opened before the window is up, and gives it once when the window asks', async () => {
    const path = join(dir, 'Friends.vcf');
    await writeFile(path, VCARD);
    const { files, sent } = opener();
    expect(await files.handleArgv(['kith', path])).toBe('kept');
    const taken = files.take('import');
    expect(taken?.fileName).toBe('Friends.vcf');
    expect(new TextDecoder().decode(taken?.bytes)).toBe(VCARD);
    // What it gives passes the contract's own check of the method's result.
    expect(importFile.safeParse(taken).success).toBe(true);
    expect(files.take('import')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('sends a file straight to a window that is up, and keeps it while a new one loads', async () => {
    const path = join(dir, 'card.vcard');
    await writeFile(path, VCARD);
    const { files, sent } = opener();
    files.take('import');
    expect(await files.handle(path)).toBe('shown');
    expect(sent.map((file) => file.fileName)).toEqual(['card.vcard']);
    files.windowLoading();
    expect(await files.handle(path)).toBe('kept');
    expect(sent).toHaveLength(1);
    expect(files.take('import')?.fileName).toBe('card.vcard');
  });

  it('refuses, and says why, a file that is not a contacts file or cannot be read', async () => {
    const { files, report } = opener();
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'hello');
    expect(await files.handle(notes)).toBe('refused');
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('cannot open notes.txt: Kith opens contacts files (.vcf, .vcard) and Kith backups (.kithbackup)'));
    expect(await files.handle(join(dir, 'gone.vcf'))).toBe('refused');
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('cannot import gone.vcf: the file could not be read (ENOENT)'));
    expect(files.take('import')).toBeNull();
    expect(await files.handle(null)).toBe('none');
  });

  it('keeps a backup opened before the window is up for Restore alone, byte for byte, and gives it once', async () => {
    const name = backupFileName('2026-12-03');
    const path = join(dir, name);
    const text = backupText();
    await writeFile(path, text);
    const { files, sent } = opener();
    expect(await files.handleArgv(['kith', '--no-sandbox', path])).toBe('kept');
    // The import flow asks first: the backup is not for it, and stays.
    expect(files.take('import')).toBeNull();
    const taken = files.take('restore');
    expect(taken?.fileName).toBe(name);
    expect(backupFile.safeParse(taken).success).toBe(true);
    // What reaches the window restores the network it was written from.
    const restored = new Y.Doc();
    expect(restoreBackup(restored, new TextDecoder().decode(taken?.bytes), 'test')).toEqual({ people: 1 });
    expect((restored.getMap('contacts').get('person:ada') as Y.Map<unknown>).get('name')).toBe('Ada Lovelace');
    expect(files.take('restore')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('sends each file to the window as what it is: contacts to import, a backup to restore', async () => {
    const card = join(dir, 'Friends.vcf');
    const backup = join(dir, backupFileName('2026-12-03'));
    await writeFile(card, VCARD);
    await writeFile(backup, backupText());
    const { files, sent, kinds } = opener();
    files.take('import');
    expect(await files.handle(backup)).toBe('shown');
    expect(await files.handle(card)).toBe('shown');
    expect(kinds).toEqual(['restore', 'import']);
    expect(sent.map((file) => file.fileName)).toEqual(['kith-backup-2026-12-03.kithbackup', 'Friends.vcf']);
    // Each goes as the event of its kind, and what is sent passes that event's schema in the contract.
    expect(kinds.map((kind) => OPENED_FILE_EVENTS[kind])).toEqual(['restoreRequested', 'importRequested']);
    kinds.forEach((kind, i) => expect(contract.events[OPENED_FILE_EVENTS[kind]].payload.safeParse(sent[i]).success).toBe(true));
  });

  it('keeps only the newest file while no window can take one', async () => {
    const card = join(dir, 'Friends.vcf');
    const backup = join(dir, 'old.kithbackup');
    await writeFile(card, VCARD);
    await writeFile(backup, backupText());
    const { files } = opener(false);
    expect(await files.handle(card)).toBe('kept');
    expect(await files.handle(backup)).toBe('kept');
    expect(files.take('import')).toBeNull();
    expect(files.take('restore')?.fileName).toBe('old.kithbackup');
  });

  it('refuses, unread and with a sentence, a backup that is too large or cannot be read', async () => {
    const { files, report } = opener();
    const huge = join(dir, 'huge.kithbackup');
    await writeFile(huge, '');
    // A sparse file: its size is what is checked, and no byte of it is read.
    await truncate(huge, MAX_IMPORT_BYTES + 1);
    expect(await files.handle(huge)).toBe('refused');
    expect(report).toHaveBeenLastCalledWith('Kith: cannot restore huge.kithbackup: This file is 100 MB, larger than any Kith backup Kith reads (100 MB).');
    expect(await files.handle(join(dir, 'gone.kithbackup'))).toBe('refused');
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('cannot restore gone.kithbackup: the file could not be read (ENOENT)'));
    expect(files.take('restore')).toBeNull();
  });
});
