/**
 * Transaction origins. Every writer tags its transactions with one of these
 * (or with itself, for sync peers) and ignores updates that carry its own tag.
 */
export const LOCAL_UI = Symbol.for('kith.origin.local-ui');
export const MIGRATION = Symbol.for('kith.origin.migration');
export const HOST_STORE = Symbol.for('kith.origin.host-store');
/** Positions the map's force layout chose for people never placed by hand: not an edit to undo. */
export const AUTO_LAYOUT = Symbol.for('kith.origin.auto-layout');
/** Bookkeeping of the note editor (edited time, @-mentioned people): follows typing, which has its own undo. */
export const NOTE_EDITOR = Symbol.for('kith.origin.note-editor');
