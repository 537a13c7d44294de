// The resident set size the memory rows read from /proc/PID/status.
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs helper of the benchmarks
import { parseVmRss, residentBytes } from './memory.mjs';

const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 1234567 kB
VmSize:\t 1200000 kB
VmHWM:\t  210000 kB
VmRSS:\t  183420 kB
RssAnon:\t  150000 kB
Threads:\t11
`;

describe('parseVmRss', () => {
  it('reads the VmRSS line, in kB, as bytes (not VmHWM or RssAnon)', () => {
    expect(parseVmRss(STATUS)).toBe(183420 * 1024);
  });

  it('refuses a status without VmRSS (a kernel thread, an exited process) instead of reporting 0', () => {
    const kernelThread = STATUS.split('\n').filter((line) => !line.startsWith('VmRSS')).join('\n');
    expect(() => parseVmRss(kernelThread)).toThrow(/VmRSS/);
    expect(() => parseVmRss('')).toThrow(/VmRSS/);
  });

  it('refuses a VmRSS in a unit it does not know', () => {
    expect(() => parseVmRss('VmRSS:\t 12 MB\n')).toThrow(/VmRSS/);
  });
});

describe.runIf(process.platform === 'linux')('residentBytes', () => {
  it("reads this process's own resident set, which holds at least its heap", async () => {
    const bytes = await residentBytes(process.pid);
    expect(bytes).toBeGreaterThanOrEqual(process.memoryUsage().heapUsed);
  });
});
