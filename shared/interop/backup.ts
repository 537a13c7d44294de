/**
 * Full JSON backup of a network: every root of the document, each Yjs
 * value written with its type so a restore rebuilds the same shapes
 * (a person's lists stay Y.Arrays, a note's body stays a Y.XmlFragment).
 *
 *   { "format": "kith-backup", "version": 1, "exportedAt": "…",
 *     "meta": { "schemaVersion": 4 },
 *     "roots": { "contacts": { "$map": { "person:…": { "$map": { "name": "Ada", "emails": { "$array": ["…"] } } } } }, … } }
 *
 * Tags: {"$map": {…}}, {"$array": […]}, {"$text": delta}, {"$xmlFragment": […]},
 * {"$xmlElement": name, "attrs": {…}, "children": […]}, {"$xmlText": delta},
 * {"$json": any plain value that is an object or array}, {"$bytes": base64}.
 * Strings, numbers, booleans and null stand for themselves.
 *
 * A restore goes only into an empty network (no people, links, notes, …),
 * refuses a backup of a newer schema, and writes everything in one
 * transaction after the whole file has been checked. It leaves out the
 * `devices` root: which devices may sync is a matter of the network being
 * restored into, and restoring an old list would let devices of the old
 * network in without pairing.
 */
import * as Y from 'yjs';
import { ROOTS, SCHEMA_VERSION, ensureProfileLists, migrate, root, schemaVersion, type RootName } from '../doc/schema';
import { decodeBase64, encodeBase64 } from './text';

export const BACKUP_FORMAT = 'kith-backup';
export const BACKUP_VERSION = 1;
/**
 * A backup's file extension, its own so the installers can associate it with
 * Kith (electron-builder.yml). The content is the JSON above; Restore still
 * takes the `.json` files older Kiths wrote.
 */
export const BACKUP_EXTENSION = 'kithbackup';

/** The name a backup is saved under: `kith-backup-2026-12-03.kithbackup`. */
export function backupFileName(day: string): string {
  return `kith-backup-${day}.${BACKUP_EXTENSION}`;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** The network already holds something: a restore would mix two networks, so it is refused. */
export class NetworkNotEmptyError extends RestoreError {
  override name = 'NetworkNotEmptyError';
  constructor(readonly holds: readonly string[]) {
    super(`This network is not empty (it holds ${holds.join(', ')}). Restore a backup into a new, empty network, so nothing here is overwritten.`);
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Delta {
  insert: unknown;
  attributes?: Record<string, unknown>;
}

function encodeDelta(delta: Delta[]): Json {
  return delta.map((op) => {
    const insert = typeof op.insert === 'string' ? op.insert : encodeValue(op.insert);
    return op.attributes ? { insert, attributes: encodeValue(op.attributes) } : { insert };
  }) as Json;
}

function encodeValue(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Y.Map) {
    const out: Record<string, Json> = {};
    value.forEach((item, key) => {
      if (item !== undefined) out[key] = encodeValue(item);
    });
    return { $map: out };
  }
  if (value instanceof Y.Array) return { $array: value.toArray().map(encodeValue) };
  if (value instanceof Y.XmlText) return { $xmlText: encodeDelta(value.toDelta() as Delta[]) };
  if (value instanceof Y.Text) return { $text: encodeDelta(value.toDelta() as Delta[]) };
  if (value instanceof Y.XmlElement) {
    const attrs = Object.fromEntries(Object.entries(value.getAttributes()).map(([key, attr]) => [key, encodeValue(attr)]));
    return { $xmlElement: value.nodeName, attrs, children: value.toArray().map(encodeValue) };
  }
  if (value instanceof Y.XmlFragment) return { $xmlFragment: value.toArray().map(encodeValue) };
  if (value instanceof Uint8Array) return { $bytes: encodeBase64(value) };
  if (Array.isArray(value) || typeof value === 'object') return { $json: JSON.parse(JSON.stringify(value)) as Json };
  return null;
}

/** The backup of every root of the document, as JSON text. */
export function exportBackup(doc: Y.Doc, clock: () => Date = () => new Date()): string {
  const roots: Record<string, Json> = {};
  for (const name of ROOTS) roots[name] = encodeValue(root(doc, name));
  return JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: clock().toISOString(), meta: { schemaVersion: schemaVersion(doc) }, roots });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks and rebuilds one encoded value as a new (not yet integrated) Yjs value; `path` names it in errors. */
function decodeValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
  const bad = (what: string) => new RestoreError(`The backup is damaged at ${path}: ${what}. Use another backup file.`);
  if (!isObject(value)) throw bad('a value is neither a plain value nor a tagged one');
  if ('$map' in value) {
    if (!isObject(value.$map)) throw bad('$map must hold an object');
    const map = new Y.Map<unknown>();
    for (const [key, item] of Object.entries(value.$map)) map.set(key, decodeValue(item, `${path}.${key}`));
    return map;
  }
  if ('$array' in value) {
    if (!Array.isArray(value.$array)) throw bad('$array must hold a list');
    const array = new Y.Array<unknown>();
    array.push(value.$array.map((item, i) => decodeValue(item, `${path}[${i}]`)));
    return array;
  }
  if ('$text' in value || '$xmlText' in value) {
    const text = '$text' in value ? new Y.Text() : new Y.XmlText();
    text.applyDelta(decodeDelta(value.$text ?? value.$xmlText, path, bad));
    return text;
  }
  if ('$xmlElement' in value) {
    if (typeof value.$xmlElement !== 'string' || !/^[A-Za-z][\w-]*$/.test(value.$xmlElement)) throw bad('an element has no valid name');
    const element = new Y.XmlElement(value.$xmlElement);
    const attrs = value.attrs === undefined ? {} : value.attrs;
    if (!isObject(attrs)) throw bad('attrs must be an object');
    for (const [key, attr] of Object.entries(attrs)) element.setAttribute(key, decodeValue(attr, `${path}@${key}`) as string);
    element.insert(0, xmlChildren(value.children ?? [], path, bad));
    return element;
  }
  if ('$xmlFragment' in value) {
    const fragment = new Y.XmlFragment();
    fragment.insert(0, xmlChildren(value.$xmlFragment, path, bad));
    return fragment;
  }
  if ('$json' in value) return value.$json;
  if ('$bytes' in value) {
    const bytes = typeof value.$bytes === 'string' ? decodeBase64(value.$bytes) : null;
    if (!bytes) throw bad('$bytes must hold base64');
    return bytes;
  }
  throw bad(`unknown tag ${Object.keys(value)[0] ?? '(none)'}`);
}

function decodeDelta(delta: unknown, path: string, bad: (what: string) => RestoreError): Delta[] {
  if (!Array.isArray(delta)) throw bad('a text must hold a list of inserts');
  return delta.map((op, i) => {
    if (!isObject(op) || op.insert === undefined) throw bad('a text insert is malformed');
    const insert = typeof op.insert === 'string' ? op.insert : decodeValue(op.insert, `${path}~${i}`);
    if (op.attributes === undefined) return { insert };
    const attributes = decodeValue(op.attributes, `${path}~${i}`);
    if (!isObject(attributes) || attributes instanceof Y.AbstractType) throw bad('text attributes must be $json of an object');
    return { insert, attributes };
  });
}

function xmlChildren(children: unknown, path: string, bad: (what: string) => RestoreError): (Y.XmlElement | Y.XmlText)[] {
  if (!Array.isArray(children)) throw bad('children must be a list');
  return children.map((child, i) => {
    const node = decodeValue(child, `${path}/${i}`);
    if (!(node instanceof Y.XmlElement) && !(node instanceof Y.XmlText)) throw bad('an XML child is neither an element nor text');
    return node;
  });
}

/** Roots that must be empty for a restore; devices and meta belong to the network being restored into. */
const CONTENT_ROOTS = ROOTS.filter((name) => name !== 'devices' && name !== 'meta');

/** Holds nothing a user wrote: no entries, or (the profile of a new network) only empty lists. */
function isEmptyRoot(map: Y.Map<unknown>): boolean {
  for (const value of map.values()) if (!(value instanceof Y.Array) || value.length > 0) return false;
  return true;
}

/** The content roots that hold something a user wrote (empty for a network a restore may go into). */
export function busyRoots(doc: Y.Doc): RootName[] {
  return CONTENT_ROOTS.filter((name) => !isEmptyRoot(root(doc, name)));
}

/** A backup checked in full and rebuilt as Yjs values, ready to be written by writeBackup. */
export interface CheckedBackup {
  schemaVersion: number;
  roots: Map<RootName, Map<string, unknown>>;
  people: number;
}

export interface CheckOptions {
  /** Called every `every` entries decoded (and once at the end), with how many of all the roots' entries are done. */
  onProgress?: (done: number, total: number) => void;
  every?: number;
}

/**
 * Reads and checks a backup for restoring into `doc`, writing nothing.
 * Throws RestoreError when the network is not empty, the file is no Kith
 * backup or is damaged anywhere, or it was made by a newer Kith.
 */
export function checkBackup(doc: Y.Doc, text: string, options: CheckOptions = {}): CheckedBackup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RestoreError('This is not a Kith backup: it is not JSON. Choose a file that Kith saved with "Back up everything".');
  }
  if (!isObject(parsed) || parsed.format !== BACKUP_FORMAT || !isObject(parsed.roots) || !isObject(parsed.meta)) {
    throw new RestoreError('This is not a Kith backup: it lacks the format, meta and roots Kith writes.');
  }
  if (typeof parsed.version !== 'number' || parsed.version > BACKUP_VERSION) {
    throw new RestoreError(`This backup was written by a newer Kith (backup format ${String(parsed.version)}). Update Kith to restore it.`);
  }
  const version = parsed.meta.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) throw new RestoreError('This backup has no valid schema version; it may be damaged.');
  if (version > SCHEMA_VERSION) {
    throw new RestoreError(`This backup holds a network of a newer Kith (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update Kith to restore it.`);
  }
  const busy = busyRoots(doc);
  if (busy.length) throw new NetworkNotEmptyError(busy);
  const encodedRoots: [RootName, Record<string, unknown>][] = [];
  for (const name of [...CONTENT_ROOTS, 'meta'] as RootName[]) {
    const encoded = parsed.roots[name];
    if (encoded === undefined) continue;
    if (!isObject(encoded) || !isObject(encoded.$map)) throw new RestoreError(`The backup is damaged at ${name}: a root must be a $map. Use another backup file.`);
    encodedRoots.push([name, encoded.$map]);
  }
  const total = encodedRoots.reduce((sum, [, entries]) => sum + Object.keys(entries).length, 0);
  const every = Math.max(1, options.every ?? 500);
  let done = 0;
  const roots = new Map<RootName, Map<string, unknown>>();
  for (const [name, encoded] of encodedRoots) {
    const entries = new Map<string, unknown>();
    for (const [key, value] of Object.entries(encoded)) {
      entries.set(key, decodeValue(value, `${name}.${key}`));
      if (++done % every === 0) options.onProgress?.(done, total);
    }
    roots.set(name, entries);
  }
  options.onProgress?.(total, total);
  return { schemaVersion: version, roots, people: roots.get('contacts')?.size ?? 0 };
}

/** Writes a checked backup into `doc` in one transaction (after the profile's shared lists, which have their own). */
export function writeBackup(doc: Y.Doc, backup: CheckedBackup, origin: unknown): { people: number } {
  // The profile's shared lists first, in their own transaction, so the migration inside the restore has none to apply.
  ensureProfileLists(doc, origin);
  doc.transact(() => {
    for (const [name, entries] of backup.roots) {
      const target = root(doc, name);
      for (const [key, value] of entries) if (name !== 'meta' || key !== 'schemaVersion') target.set(key, value);
    }
    root(doc, 'meta').set('schemaVersion', backup.schemaVersion);
    migrate(doc, origin);
  }, origin);
  return { people: backup.people };
}

/**
 * Restores a backup into an empty network in one transaction. Throws
 * RestoreError, writing nothing, when the network is not empty, the file is
 * no Kith backup or is damaged, or it was made by a newer Kith.
 */
export function restoreBackup(doc: Y.Doc, text: string, origin: unknown): { people: number } {
  return writeBackup(doc, checkBackup(doc, text), origin);
}
