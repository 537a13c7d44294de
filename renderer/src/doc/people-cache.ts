/**
 * The People list as this window last had it, kept in IndexedDB so that the
 * next start draws it at once, before the document itself is in (at 30,000
 * people the stored copy takes seconds to apply; this list is a small part
 * of it and needs no Yjs). It is shown read-only and replaced by the
 * document's own list as soon as that is read (usePeople.ts); it is never
 * the source of anything written.
 *
 *   kith.kept-people (not "kith-…": those are the networks' own copies)
 *     heads   docName → { version, generation, chunks, count }
 *     chunks  [docName, generation, index] → Person[] (CHUNK_SIZE of them)
 *
 * A write puts a new generation's chunks, one small transaction per task
 * (IndexedDB copies each value on the calling thread: all of them in one go
 * would hold the window), then points the head at it and deletes the
 * generation before, in one transaction: a reader sees the old list or the
 * new one, never half of either. A read takes one chunk per request, so the
 * copying back is spread the same way.
 */
import type { Person } from '../../../shared/doc/people';

const DB_NAME = 'kith.kept-people';
/** Bumped whenever Person's shape changes: an older list is not shown. */
export const PEOPLE_CACHE_VERSION = 1;
export const CHUNK_SIZE = 1000;

interface Head {
  version: number;
  generation: number;
  chunks: number;
  count: number;
}

function openCache(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('heads');
      request.result.createObjectStore('chunks');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is held by another window'));
  });
}

function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be read'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
  });
}

function isHead(value: unknown): value is Head {
  const head = value as Head | undefined;
  return (
    typeof head === 'object' &&
    head !== null &&
    head.version === PEOPLE_CACHE_VERSION &&
    Number.isInteger(head.generation) &&
    Number.isInteger(head.chunks) &&
    Number.isInteger(head.count)
  );
}

/** The list last kept for `docName`, or null when there is none (or it cannot be read, or is of another version). */
export async function readPeopleCache(docName: string): Promise<Person[] | null> {
  let db: IDBDatabase | null = null;
  try {
    db = await openCache();
    const head: unknown = await requested(db.transaction('heads').objectStore('heads').get(docName));
    if (!isHead(head)) return null;
    const people: Person[] = [];
    for (let index = 0; index < head.chunks; index++) {
      const chunk: unknown = await requested(db.transaction('chunks').objectStore('chunks').get([docName, head.generation, index]));
      // The head is put after its chunks and the chunks deleted after it moves on: a missing one means the store was damaged.
      if (!Array.isArray(chunk)) return null;
      people.push(...(chunk as Person[]));
    }
    return people.length === head.count ? people : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** Waits a task, so that each chunk's copy is a task of its own. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Keeps `people` as the list for `docName`, replacing the one kept before (see the header). */
export async function writePeopleCache(docName: string, people: readonly Person[]): Promise<void> {
  const db = await openCache();
  try {
    const before: unknown = await requested(db.transaction('heads').objectStore('heads').get(docName));
    const generation = isHead(before) ? before.generation + 1 : 1;
    const chunks = Math.ceil(people.length / CHUNK_SIZE);
    for (let index = 0; index < chunks; index++) {
      const transaction = db.transaction('chunks', 'readwrite');
      transaction.objectStore('chunks').put(people.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE), [docName, generation, index]);
      await committed(transaction);
      await nextTask();
    }
    const transaction = db.transaction(['heads', 'chunks'], 'readwrite');
    transaction.objectStore('heads').put({ version: PEOPLE_CACHE_VERSION, generation, chunks, count: people.length } satisfies Head, docName);
    // Every other generation of this document: the one before, and any a write cut short left behind.
    const olderOnes = IDBKeyRange.bound([docName, -Infinity, -Infinity], [docName, generation, -Infinity], false, true);
    const newerOnes = IDBKeyRange.bound([docName, generation + 1, -Infinity], [docName, Infinity, Infinity]);
    transaction.objectStore('chunks').delete(olderOnes);
    transaction.objectStore('chunks').delete(newerOnes);
    await committed(transaction);
  } finally {
    db.close();
  }
}
