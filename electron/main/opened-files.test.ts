import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importFile, type ImportFile } from '../../shared/host/contract';
import { FileOpener, openedFileArgument } from './opened-files';

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
  const report = vi.fn();
  const files = new FileOpener({ send: (file) => (accepts ? (sent.push(file), true) : false), report });
  return { files, sent, report };
}

describe('openedFileArgument', () => {
  it('finds the contacts file the system passed, never the executable or an option', () => {
    expect(openedFileArgument(['/opt/Kith/kith', '--no-sandbox', '/home/ada/Friends.VCF'])).toBe('/home/ada/Friends.VCF');
    expect(openedFileArgument(['/opt/Kith/kith', 'C:\\Users\\ada\\card.vcard'])).toBe('C:\\Users\\ada\\card.vcard');
    expect(openedFileArgument(['/x/contacts.vcf'])).toBeNull();
    expect(openedFileArgument(['/opt/Kith/kith', '--flag=a.vcf', 'kith://person/abc'])).toBeNull();
  });
});

describe('FileOpener', () => {
  it('keeps a file opened before the window is up, and gives it once when the window asks', async () => {
    const path = join(dir, 'Friends.vcf');
    await writeFile(path, VCARD);
    const { files, sent } = opener();
    expect(await files.handleArgv(['kith', path])).toBe('kept');
    const taken = files.take();
    expect(taken?.fileName).toBe('Friends.vcf');
    expect(new TextDecoder().decode(taken?.bytes)).toBe(VCARD);
    // What it gives passes the contract's own check of the method's result.
    expect(importFile.safeParse(taken).success).toBe(true);
    expect(files.take()).toBeNull();
    expect(sent).toEqual([]);
  });

  it('sends a file straight to a window that is up, and keeps it while a new one loads', async () => {
    const path = join(dir, 'card.vcard');
    await writeFile(path, VCARD);
    const { files, sent } = opener();
    files.take();
    expect(await files.handle(path)).toBe('shown');
    expect(sent.map((file) => file.fileName)).toEqual(['card.vcard']);
    files.windowLoading();
    expect(await files.handle(path)).toBe('kept');
    expect(sent).toHaveLength(1);
    expect(files.take()?.fileName).toBe('card.vcard');
  });

  it('refuses, and says why, a file that is not a contacts file or cannot be read', async () => {
    const { files, report } = opener();
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'hello');
    expect(await files.handle(notes)).toBe('refused');
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('cannot import notes.txt: Kith opens contacts files (.vcf, .vcard)'));
    expect(await files.handle(join(dir, 'gone.vcf'))).toBe('refused');
    expect(report).toHaveBeenLastCalledWith(expect.stringContaining('cannot import gone.vcf: the file could not be read (ENOENT)'));
    expect(files.take()).toBeNull();
    expect(await files.handle(null)).toBe('none');
  });
});
