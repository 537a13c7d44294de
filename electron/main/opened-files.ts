/**
 * Contacts files the system opens Kith with (the installers associate .vcf
 * and .vcard with it; electron-builder.yml), to the import flow:
 *
 *   first launch: argv ─┐
 *   second instance: argv ─┼─► handle(path) ── not a contacts file, unreadable, too large: refused, said
 *   macOS: 'open-file' ──┘          │ read
 *                      window ready (it asked `pendingImportFile`)?
 *                         yes ─► `importRequested` with the file     no ─► kept until it asks
 *
 * The page then runs the import as for a dropped file: preview, confirm,
 * one undo step. Only the newest file waits.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportFile } from '../../shared/host/contract';
import { MAX_IMPORT_BYTES, tooLarge } from '../../shared/interop/errors';

/** The extensions the installers register (electron-builder.yml fileAssociations). */
export const OPENED_FILE_EXTENSIONS = ['vcf', 'vcard'] as const;
const CONTACTS_FILE = new RegExp(`\\.(${OPENED_FILE_EXTENSIONS.join('|')})$`, 'i');

export function isContactsFile(path: string): boolean {
  return CONTACTS_FILE.test(path);
}

/** The contacts file in a command line (the system passes it as an argument), if any. Options never count. */
export function openedFileArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((arg) => !arg.startsWith('-') && isContactsFile(arg)) ?? null;
}

export interface FileOpenerOptions {
  /** Sends the file to the window; false when there is none that can take it now. */
  send(file: ImportFile): boolean;
  report(message: string): void;
}

export class FileOpener {
  private pending: ImportFile | null = null;
  private windowReady = false;

  constructor(private readonly options: FileOpenerOptions) {}

  /** Reads a file the system opened Kith with. Returns what became of it. */
  async handle(path: string | null): Promise<'shown' | 'kept' | 'refused' | 'none'> {
    if (path === null) return 'none';
    const name = basename(path);
    if (!isContactsFile(path)) {
      this.options.report(`Kith: cannot import ${name}: Kith opens contacts files (.vcf, .vcard). Import a CSV from File ▸ Import Contacts….`);
      return 'refused';
    }
    let bytes: Uint8Array;
    try {
      const size = (await stat(path)).size;
      const large = size > MAX_IMPORT_BYTES ? tooLarge(size) : null;
      if (large) {
        this.options.report(`Kith: cannot import ${name}: ${large}`);
        return 'refused';
      }
      bytes = new Uint8Array(await readFile(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      this.options.report(`Kith: cannot import ${name}: the file could not be read (${code}). Check that it is still there, then open it again.`);
      return 'refused';
    }
    const file = { fileName: name, bytes };
    if (this.windowReady && this.options.send(file)) return 'shown';
    this.pending = file;
    return 'kept';
  }

  handleArgv(argv: readonly string[]): ReturnType<FileOpener['handle']> {
    return this.handle(openedFileArgument(argv));
  }

  /** The window asks once it is up: the kept file, once. From then on files are sent to it. */
  take(): ImportFile | null {
    this.windowReady = true;
    const file = this.pending;
    this.pending = null;
    return file;
  }

  /** A new window is loading: files wait until it asks. */
  windowLoading(): void {
    this.windowReady = false;
  }
}
