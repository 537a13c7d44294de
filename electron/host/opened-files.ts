/**
 * Files the system opens Kith with (the installers associate .vcf, .vcard
 * and .kithbackup with it; electron-builder.yml): contacts to the import
 * flow, a backup to Restore.
 *
 *   first launch: argv ─┐
 *   second instance: argv ─┼─► handle(path) ── not a file Kith opens, unreadable, too large: refused, said
 *   macOS: 'open-file' ──┘          │ read
 *                      window ready (it asked `pendingImportFile` / `pendingRestoreFile`)?
 *                         yes ─► `importRequested` / `restoreRequested` with the file     no ─► kept until it asks
 *
 * The page then runs the import as for a dropped file (preview, confirm,
 * one undo step), or restores the backup as Restore does: into an empty
 * network only. Only the newest file waits. Browser mode has no system to
 * open files with; its command line takes the file (browser-mode.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventName, ImportFile } from '../../shared/host/contract';
import { BACKUP_EXTENSION } from '../../shared/interop/backup';
import { backupTooLarge, tooLarge } from '../../shared/interop/errors';

/** The contacts extensions the installers register (electron-builder.yml fileAssociations). */
export const CONTACTS_EXTENSIONS = ['vcf', 'vcard'] as const;
/** Every extension the installers register: contacts, then the backup. */
export const OPENED_FILE_EXTENSIONS = [...CONTACTS_EXTENSIONS, BACKUP_EXTENSION] as const;

/** What an opened file is for: the import flow, or Restore. */
export type OpenedFileKind = 'import' | 'restore';

/** The event that takes a file of each kind to a window that is up (shared/host/contract.ts). */
export const OPENED_FILE_EVENTS = { import: 'importRequested', restore: 'restoreRequested' } as const satisfies Record<OpenedFileKind, EventName>;

const extensionsPattern = (extensions: readonly string[]) => new RegExp(`\\.(${extensions.join('|')})$`, 'i');
const CONTACTS_FILE = extensionsPattern(CONTACTS_EXTENSIONS);
const BACKUP_FILE = extensionsPattern([BACKUP_EXTENSION]);

/** What Kith does with a file of this name; null for one it does not open. */
export function openedFileKind(path: string): OpenedFileKind | null {
  if (CONTACTS_FILE.test(path)) return 'import';
  if (BACKUP_FILE.test(path)) return 'restore';
  return null;
}

/** The file Kith opens in a command line (the system passes it as an argument), if any. Options never count. */
export function openedFileArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((arg) => !arg.startsWith('-') && openedFileKind(arg) !== null) ?? null;
}

export interface FileOpenerOptions {
  /** Sends the file to the window for the import flow or Restore; false when there is none that can take it now. */
  send(kind: OpenedFileKind, file: ImportFile): boolean;
  report(message: string): void;
}

export class FileOpener {
  private pending: { kind: OpenedFileKind; file: ImportFile } | null = null;
  private windowReady = false;

  constructor(private readonly options: FileOpenerOptions) {}

  /** Reads a file the system opened Kith with. Returns what became of it. */
  async handle(path: string | null): Promise<'shown' | 'kept' | 'refused' | 'none'> {
    if (path === null) return 'none';
    const name = basename(path);
    const kind = openedFileKind(path);
    const verb = kind === 'restore' ? 'restore' : 'import';
    if (kind === null) {
      this.options.report(
        `Kith: cannot open ${name}: Kith opens contacts files (.vcf, .vcard) and Kith backups (.${BACKUP_EXTENSION}). To import a CSV, choose Import contacts… in Kith.`,
      );
      return 'refused';
    }
    let bytes: Uint8Array;
    try {
      const size = (await stat(path)).size;
      const large = kind === 'restore' ? backupTooLarge(size) : tooLarge(size);
      if (large) {
        this.options.report(`Kith: cannot ${verb} ${name}: ${large}`);
        return 'refused';
      }
      bytes = new Uint8Array(await readFile(path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      this.options.report(`Kith: cannot ${verb} ${name}: the file could not be read (${code}). Check that it is still there, then open it again.`);
      return 'refused';
    }
    const file = { fileName: name, bytes };
    if (this.windowReady && this.options.send(kind, file)) return 'shown';
    this.pending = { kind, file };
    return 'kept';
  }

  handleArgv(argv: readonly string[]): ReturnType<FileOpener['handle']> {
    return this.handle(openedFileArgument(argv));
  }

  /**
   * The window asks once it is up, for each kind: the kept file if it is of
   * that kind, once. From then on files are sent to it.
   */
  take(kind: OpenedFileKind): ImportFile | null {
    this.windowReady = true;
    if (this.pending?.kind !== kind) return null;
    const { file } = this.pending;
    this.pending = null;
    return file;
  }

  /** A new window is loading: files wait until it asks. */
  windowLoading(): void {
    this.windowReady = false;
  }
}
