import { describe, expect, it } from 'vitest';
import { describeDamage } from './storage-notice';
import type { LogDamage } from './contract';

const damage: LogDamage = {
  detectedAt: '2026-12-03T08:51:03.683Z',
  damagedCopy: '/data/document.ylog.damaged-2026-12-03T085103.683Z',
  keptRecords: 101,
  skippedStretches: 1,
  skippedBytes: 212,
  usedPrevious: false,
  missing: false,
  recovered: [],
};

describe('the damage notice', () => {
  it('says what was kept and skipped, where the damaged file is, and that nothing came back yet', () => {
    expect(describeDamage(damage)).toEqual({
      title: 'Kith found damage in its copy of your network (document.ylog) and repaired it.',
      details: [
        'It kept every readable record — 101 records from the log — and skipped 1 damaged stretch (212 bytes).',
        'The damaged file is kept, untouched, at /data/document.ylog.damaged-2026-12-03T085103.683Z.',
        'Anything this window or your paired devices still hold comes back as they sync; nothing has come back yet.',
      ],
    });
  });

  it('says what came back from where, leaving out what did not', () => {
    const notice = describeDamage({
      ...damage,
      usedPrevious: true,
      skippedStretches: 2,
      skippedBytes: 3 * 1024 * 1024,
      recovered: [
        { source: { kind: 'window' }, people: 1, notes: 0, links: 2 },
        { source: { kind: 'device', name: 'Desk' }, people: 2400, notes: 12, links: 0 },
      ],
    });
    expect(notice.details).toEqual([
      'It kept every readable record — 101 records from the log and the previous generation (document.ylog.1) — and skipped 2 damaged stretches (3.0 MB).',
      'The damaged file is kept, untouched, at /data/document.ylog.damaged-2026-12-03T085103.683Z.',
      "Recovered from this window's copy: 1 person, 2 links.",
      'Recovered from device "Desk": 2,400 people, 12 notes.',
    ]);
  });

  it('says when the log was missing and rebuilt from the previous generation', () => {
    const notice = describeDamage({ ...damage, missing: true, usedPrevious: true, damagedCopy: null, keptRecords: 3 });
    expect(notice.title).toBe(
      'Kith’s copy of your network (document.ylog) was missing, so it was rebuilt from the previous generation (document.ylog.1).',
    );
    expect(notice.details[0]).toBe('It kept 3 records.');
  });
});
