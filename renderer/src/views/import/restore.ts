/**
 * Restoring a backup, whether the user chose it in Import and export or the
 * system opened Kith with it (a double-clicked .kithbackup: Electron's
 * `restoreRequested`, or `pendingRestoreFile` for the file Kith was started
 * with). Either way it goes only into an empty network (shared/interop/
 * backup.ts): a network that holds anything is left as it is, and the
 * window says so.
 */
import type * as Y from 'yjs';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import type { RootName } from '../../../../shared/doc/schema';
import { NetworkNotEmptyError, RestoreError, restoreBackup } from '../../../../shared/interop/backup';
import { backupTooLarge } from '../../../../shared/interop/errors';
import type { StoreStatus } from '../../doc/store';

/** `opened`: about a backup the system opened Kith with (or the one chosen in its place), shown at the top of Import and export rather than under Restore's button. */
export type RestoreStatus = { kind: 'ok' | 'error' | 'waiting'; text: string; opened?: boolean } | null;

/** What the roots a network holds are to the person who wrote them. */
const HELD: Partial<Record<RootName, string>> = {
  contacts: 'people',
  links: 'links',
  notes: 'notes',
  commitments: 'commitments',
  requests: 'requests',
  asks: 'asks',
  layout: 'a map layout',
  me: 'your profile',
  aliases: 'your aliases',
};

const listed = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Restores a backup's text into `doc` and says what came of it. `opened`:
 * the system opened Kith with the file, so nothing was chosen here and the
 * sentence names the file.
 */
export function restoreText(doc: Y.Doc, fileName: string, text: string, opened: boolean): RestoreStatus {
  try {
    const { people } = restoreBackup(doc, text, LOCAL_UI);
    return { kind: 'ok', text: `Restored ${people.toLocaleString()} ${people === 1 ? 'person' : 'people'} from ${fileName}.`, opened };
  } catch (error) {
    if (!(error instanceof RestoreError)) throw error;
    if (opened && error instanceof NetworkNotEmptyError) {
      const holds = listed(error.holds.map((name) => HELD[name as RootName] ?? name));
      return {
        kind: 'error',
        text: `${fileName} was not restored: this network already holds ${holds}, and a backup goes only into an empty network, so nothing here is overwritten.`,
        opened,
      };
    }
    return { kind: 'error', text: opened ? `${fileName} was not restored. ${error.message}` : error.message, opened };
  }
}

/** Why a file this size is refused unread, as a status; null when it may be read. */
export function restoreSizeStatus(size: number): RestoreStatus {
  const large = backupTooLarge(size);
  return large ? { kind: 'error', text: large } : null;
}

interface StatusSource {
  getStatus(): StoreStatus;
  subscribe(listener: () => void): () => void;
}

/**
 * Resolves once this window holds the whole network: its own stored copy
 * and the host's. Before that an empty-looking document may only not have
 * loaded yet, and a restore into it would mix two networks.
 */
export function whenNetworkLoaded(store: StatusSource): Promise<void> {
  const loaded = () => store.getStatus().localLoaded && store.getStatus().hostSynced;
  if (loaded()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (!loaded()) return;
      stop();
      resolve();
    });
  });
}
