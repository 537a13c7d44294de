/**
 * Presence in a window: which of this person's other devices are online now
 * and which notes are open on them (the host hears it from them over device
 * sync), and telling the host which note this window has open.
 *
 * Both follow the host link: a fresh link is a fresh host session, which
 * knows nothing of this window yet, so the open note is told again and the
 * view asked for again.
 */
import { useEffect, useState } from 'react';
import type { KithApi, PresenceView } from '../../../shared/host/contract';
import type { LinkState } from './connection';

type Api = Pick<KithApi, 'presence' | 'onPresenceChanged' | 'setPresence'>;

const NO_ONE: PresenceView = { devices: [] };

export function usePresence(api: Api, link: LinkState): PresenceView {
  const [view, setView] = useState<PresenceView>(NO_ONE);
  useEffect(() => {
    if (link !== 'connected') return;
    let live = true;
    const stop = api.onPresenceChanged((next) => live && setView(next));
    api.presence().then(
      (current) => live && setView(current),
      () => undefined, // the view stays empty; the next change brings it
    );
    return () => {
      live = false;
      stop();
    };
  }, [api, link]);
  // Without the host there is no one to hear from.
  return link === 'connected' ? view : NO_ONE;
}

/** Tells the host the note this window shows (null: none), again after every reconnection. */
export function useTellOpenNote(api: Api, link: LinkState, noteId: string | null): void {
  useEffect(() => {
    if (link !== 'connected') return;
    // Presence is a courtesy to the other devices: a failure here is not the person's problem.
    api.setPresence({ noteId }).catch(() => undefined);
  }, [api, link, noteId]);
}

/** The names of the other devices that have this note open. */
export function openElsewhere(view: PresenceView, noteId: string): string[] {
  return view.devices.filter((device) => device.noteIds.includes(noteId)).map((device) => device.name);
}
