import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { listPeople } from '../../../shared/doc/people';
import { generateNetwork } from '../../../e2e/fixtures/network';
import { CHUNK_SIZE, readPeopleCache, writePeopleCache } from './people-cache';

function chunkKeys(docName: string): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('kith.kept-people');
    request.onsuccess = () => {
      const keys = request.result.transaction('chunks').objectStore('chunks').getAllKeys();
      keys.onsuccess = () => {
        request.result.close();
        resolve(keys.result.filter((key) => Array.isArray(key) && key[0] === docName));
      };
      keys.onerror = () => reject(keys.error);
    };
    request.onerror = () => reject(request.error);
  });
}

function putRaw(store: string, key: IDBValidKey, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('kith.kept-people');
    request.onsuccess = () => {
      const transaction = request.result.transaction(store, 'readwrite');
      if (value === undefined) transaction.objectStore(store).delete(key);
      else transaction.objectStore(store).put(value, key);
      transaction.oncomplete = () => {
        request.result.close();
        resolve();
      };
      transaction.onerror = () => reject(transaction.error);
    };
    request.onerror = () => reject(request.error);
  });
}

let names = 0;
const freshName = () => `kith-test-${++names}`;

afterEach(async () => {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('kith.kept-people');
    request.onsuccess = request.onerror = () => resolve();
  });
});

describe('the kept People list', () => {
  it('reads back what was kept, in order, across several chunks', async () => {
    const people = listPeople(generateNetwork({ seed: 3, people: CHUNK_SIZE * 2 + 17, linksPerPerson: 1, notesPerPerson: 0 }), { includeDeleted: true });
    const docName = freshName();
    await writePeopleCache(docName, people);
    expect(await readPeopleCache(docName)).toEqual(people);
  });

  it('is nothing for a network that kept none', async () => {
    expect(await readPeopleCache(freshName())).toBeNull();
  });

  it('replaces the list kept before and leaves none of its chunks behind', async () => {
    const docName = freshName();
    const many = listPeople(generateNetwork({ seed: 4, people: CHUNK_SIZE + 5, linksPerPerson: 0, notesPerPerson: 0 }));
    const few = many.slice(0, 3);
    await writePeopleCache(docName, many);
    await writePeopleCache(docName, few);
    expect(await readPeopleCache(docName)).toEqual(few);
    expect(await chunkKeys(docName)).toEqual([[docName, 2, 0]]);
  });

  it('keeps each network apart', async () => {
    const [one, two] = [freshName(), freshName()];
    const people = listPeople(generateNetwork({ seed: 5, people: 10, linksPerPerson: 0, notesPerPerson: 0 }));
    await writePeopleCache(one, people.slice(0, 4));
    await writePeopleCache(two, people.slice(4));
    expect(await readPeopleCache(one)).toEqual(people.slice(0, 4));
    expect(await readPeopleCache(two)).toEqual(people.slice(4));
  });

  it('shows nothing rather than part of a list when a chunk is missing, or a list of another version', async () => {
    const docName = freshName();
    const people = listPeople(generateNetwork({ seed: 6, people: CHUNK_SIZE + 1, linksPerPerson: 0, notesPerPerson: 0 }));
    await writePeopleCache(docName, people);
    await putRaw('chunks', [docName, 1, 1], undefined);
    expect(await readPeopleCache(docName)).toBeNull();

    await writePeopleCache(docName, people);
    await putRaw('heads', docName, { version: 999, generation: 2, chunks: 2, count: people.length });
    expect(await readPeopleCache(docName)).toBeNull();
  });

  it('still reads the list before while a new one is being written', async () => {
    const docName = freshName();
    const before = listPeople(generateNetwork({ seed: 7, people: 20, linksPerPerson: 0, notesPerPerson: 0 }));
    const after = listPeople(generateNetwork({ seed: 8, people: CHUNK_SIZE * 3, linksPerPerson: 0, notesPerPerson: 0 }));
    await writePeopleCache(docName, before);
    const writing = writePeopleCache(docName, after);
    // Read while the new generation's chunks go in, one transaction at a time.
    const meanwhile = await readPeopleCache(docName);
    await writing;
    expect([before, after]).toContainEqual(meanwhile);
    expect(await readPeopleCache(docName)).toEqual(after);
  });
});
