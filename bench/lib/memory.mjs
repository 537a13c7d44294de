/**
 * Memory, measured the same way for the subject and its baseline: a page's
 * JS heap after a full garbage collection (DevTools protocol:
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage: the page's main
 * isolate, so workers are not in it), and a process's resident set size as
 * Linux reports it (/proc/PID/status, VmRSS).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';

/**
 * The VmRSS line of a /proc/PID/status text, in bytes. The kernel writes it
 * in kB (kibibytes: "VmRSS:\t  123456 kB"). Throws when the line is missing
 * (a kernel thread, or a process that has already exited) rather than
 * reporting 0.
 */
export function parseVmRss(statusText) {
  const match = /^VmRSS:\s*(\d+)\s*kB\s*$/m.exec(statusText);
  if (!match) throw new Error('no "VmRSS: N kB" line in this /proc/PID/status text (has the process exited?)');
  return Number(match[1]) * 1024;
}

/** A running process's resident set size in bytes (Linux only). */
export async function residentBytes(pid) {
  if (process.platform !== 'linux') throw new Error(`resident set sizes are read from /proc, which ${process.platform} does not have`);
  return parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/** The page's JS heap in use after a full garbage collection, in bytes. */
export async function pageHeapAfterGc(page) {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * The baseline for the host's memory: a bare Node process (the same Node)
 * that applies the same update to one Y.Doc, collects garbage and waits:
 * the least a process holding that document must keep resident. Resolves to
 * its VmRSS once it has said it is ready.
 */
export async function bareDocResidentBytes(updatePath, cwd) {
  const script = `
    const Y = require('yjs');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, require('node:fs').readFileSync(${JSON.stringify(updatePath)}));
    globalThis.gc();
    globalThis.kept = doc;
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ['--expose-gc', '-e', script], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(([code]) => Promise.reject(new Error(`the bare Y.Doc process exited (code ${code}) before it was ready`))),
    ]);
    if (!String(chunk).includes('ready')) throw new Error(`the bare Y.Doc process said "${chunk}" instead of ready`);
    return await residentBytes(child.pid);
  } finally {
    child.kill('SIGKILL');
  }
}

export const mebibytes = (bytes) => bytes / 2 ** 20;
