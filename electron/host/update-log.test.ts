import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile, appendFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFormatError, UpdateLog } from './update-log';

const dirs: string[] = [];
async function tempLog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-log-'));
  dirs.push(dir);
  return join(dir, 'document.ylog');
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('UpdateLog', () => {
  it('keeps appended updates across a reopen, in order', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await Promise.all([log.append(bytes(1)), log.append(bytes(2, 2)), log.append(bytes(3, 3, 3))]);
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1], [2, 2], [3, 3, 3]]);
    expect(reopened.tornBytes).toBe(0);
    await reopened.log.close();
  });

  it('cuts a torn last record and keeps every complete one', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(1, 1));
    await log.append(bytes(2, 2));
    await log.close();
    const whole = (await stat(path)).size;
    // A crash in the middle of writing a record: a header promising 100 bytes, then only 3.
    await appendFile(path, Buffer.from([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1, 1], [2, 2]]);
    expect(reopened.tornBytes).toBe(11);
    expect((await stat(path)).size).toBe(whole);
    await reopened.log.append(bytes(3));
    await reopened.log.close();
    expect((await UpdateLog.open(path)).updates).toHaveLength(3);
  });

  it('stops at a record whose checksum fails', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(1, 1, 1, 1));
    await log.append(bytes(2, 2, 2, 2));
    await log.close();
    const file = await readFile(path);
    file[file.length - 1] = 7; // flip a byte of the last payload
    await writeFile(path, file);
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1, 1, 1, 1]]);
    await reopened.log.close();
  });

  it('refuses a file that is not a Kith log and leaves it untouched', async () => {
    const path = await tempLog();
    await writeFile(path, 'my thesis, final version');
    await expect(UpdateLog.open(path)).rejects.toBeInstanceOf(LogFormatError);
    expect(await readFile(path, 'utf8')).toBe('my thesis, final version');
  });

  it('compacts into one record by write-then-rename, keeping later appends', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    for (let i = 0; i < 50; i++) void log.append(bytes(i));
    const compacted = log.compact(() => bytes(42, 42));
    const after = log.append(bytes(99));
    await Promise.all([compacted, after]);
    expect(log.pendingRecords).toBe(2);
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[42, 42], [99]]);
    expect((await readdir(join(path, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await reopened.log.close();
  });

  it('ignores a half-written compaction left by a crash', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(5));
    await log.close();
    await writeFile(`${path}.tmp`, 'KITHLOG1 partial');
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[5]]);
    await reopened.log.close();
  });
});
