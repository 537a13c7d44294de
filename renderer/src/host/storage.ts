/**
 * The host's storage health in a window: damage it found in its log at
 * start and what came back since, and whether it can write now. Asked for
 * again on every fresh link (a fresh host session), then kept by its events.
 */
import { useEffect, useState } from 'react';
import type { KithApi, StorageHealth } from '../../../shared/host/contract';
import type { LinkState } from './connection';

type Api = Pick<KithApi, 'storageHealth' | 'onStorageHealthChanged'>;

const HEALTHY: StorageHealth = { damage: null, writeProblem: null };

export function useStorageHealth(api: Api, link: LinkState): StorageHealth {
  const [health, setHealth] = useState<StorageHealth>(HEALTHY);
  useEffect(() => {
    if (link !== 'connected') return;
    let live = true;
    const stop = api.onStorageHealthChanged((next) => live && setHealth(next));
    api.storageHealth().then(
      (current) => live && setHealth(current),
      () => undefined, // nothing to show; the next change brings it
    );
    return () => {
      live = false;
      stop();
    };
  }, [api, link]);
  return health;
}
