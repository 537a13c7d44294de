/** y-indexeddb's stored updates for `docName`, read-only; rejects when the database does not exist (it is never created here). */
export function storedUpdates(docName: string): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(docName);
    // A database that does not exist yet is y-indexeddb's to create, with its own stores.
    request.onupgradeneeded = () => request.transaction!.abort();
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onsuccess = () => {
      const db = request.result;
      try {
        const read = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        read.onsuccess = () => resolve(read.result as Uint8Array[]);
        read.onerror = () => reject(read.error ?? new Error('IndexedDB could not be read'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        db.close();
      }
    };
  });
}
