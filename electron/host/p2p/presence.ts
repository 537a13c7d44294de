/**
 * Presence between one person's devices: which of them are online now, and
 * which notes are open on each — so a note still being written on the
 * laptop says so when it is opened on the desktop.
 *
 * Each host holds a y-protocols Awareness whose local state is
 * `{ device: <public key hex>, notes: [<note id>, …] }`: the notes this
 * device's windows have open. PeerSync carries awareness updates over every
 * sync link and relays them between links, so a device hears of devices it
 * reaches only through another one. States from a link are dropped when it
 * ends; Awareness itself drops a state not renewed for 30 seconds (each side
 * renews its own every 15).
 *
 * A remote state is only a claim: one that does not parse, that names this
 * device, or a device that is not paired (or was removed) is left out of the
 * view.
 */
import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { z } from 'zod';
import type { PresenceView } from '../../../shared/host/contract';
import { getDevice } from '../../../shared/doc/devices';

/** At most this many open notes are told (a device has few windows). */
const MAX_OPEN_NOTES = 20;

const presenceState = z.object({
  device: z.string().regex(/^[0-9a-f]{64}$/),
  notes: z.array(z.string().max(100)).max(MAX_OPEN_NOTES),
});

export class Presence {
  readonly awareness: Awareness;
  private readonly listeners = new Set<(view: PresenceView) => void>();
  private openNotes: string[] = [];
  private lastTold = JSON.stringify({ devices: [] });

  constructor(
    private readonly doc: Y.Doc,
    private readonly selfKeyHex: string,
  ) {
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState({ device: selfKeyHex, notes: [] });
    this.awareness.on('change', this.changed);
  }

  /** The notes open in this device's windows now. */
  setOpenNotes(noteIds: readonly string[]): void {
    const next = [...new Set(noteIds)].sort().slice(0, MAX_OPEN_NOTES);
    if (next.join() === this.openNotes.join()) return;
    this.openNotes = next;
    this.awareness.setLocalStateField('notes', next);
  }

  view(): PresenceView {
    const byDevice = new Map<string, { name: string; notes: Set<string> }>();
    for (const [clientID, state] of this.awareness.getStates()) {
      if (clientID === this.awareness.clientID) continue;
      const parsed = presenceState.safeParse(state);
      if (!parsed.success || parsed.data.device === this.selfKeyHex) continue;
      const device = getDevice(this.doc, parsed.data.device);
      if (!device || device.revokedAt !== null) continue;
      const entry = byDevice.get(device.publicKey) ?? { name: device.name, notes: new Set<string>() };
      for (const note of parsed.data.notes) entry.notes.add(note);
      byDevice.set(device.publicKey, entry);
    }
    return {
      devices: [...byDevice]
        .map(([publicKey, { name, notes }]) => ({ publicKey, name, noteIds: [...notes].sort() }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.publicKey.localeCompare(b.publicKey)),
    };
  }

  onChange(listener: (view: PresenceView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.awareness.off('change', this.changed);
    this.awareness.destroy();
    this.listeners.clear();
  }

  /** Tells the listeners the view when it differs from the last one told (call it when devices change too: names, removals). */
  readonly changed = (): void => {
    const view = this.view();
    const told = JSON.stringify(view);
    if (told === this.lastTold) return;
    this.lastTold = told;
    for (const listener of this.listeners) listener(view);
  };
}
