/** Opens y-indexeddb's database for `docName`; rejects when it does not exist (it is never created here: y-indexeddb creates it, with its own stores). */
export function openStoredCopy(docName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(docName);
    request.onupgradeneeded = () => request.transaction!.abort();
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onsuccess = () => resolve(request.result);
  });
}

/** y-indexeddb's stored updates for `docName`, read-only; rejects when the database does not exist. */
export async function storedUpdates(docName: string): Promise<Uint8Array[]> {
  const db = await openStoredCopy(docName);
  return new Promise<Uint8Array[]>((resolve, reject) => {
    try {
      const read = db.transaction('updates', 'readonly').objectStore('updates').getAll();
      read.onsuccess = () => resolve(read.result as Uint8Array[]);
      read.onerror = () => reject(read.error ?? new Error('IndexedDB could not be read'));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      db.close();
    }
  });
}
