import { describe, expect, it } from 'vitest';
import { startMdns, type Mdns } from './mdns';

describe('LAN discovery (mDNS)', () => {
  it('finds devices advertising the same network tag, and not itself or other networks', async () => {
    const found: Array<{ who: string; port: number }> = [];
    const started: Mdns[] = [];
    const report = () => undefined;
    try {
      started.push(startMdns({ port: 41001, tag: 'aaaa000011112222', onPeer: (_a, port) => found.push({ who: 'one', port }), report }));
      started.push(startMdns({ port: 41002, tag: 'aaaa000011112222', onPeer: (_a, port) => found.push({ who: 'two', port }), report }));
      started.push(startMdns({ port: 41003, tag: 'bbbb000011112222', onPeer: (_a, port) => found.push({ who: 'other', port }), report }));
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !(found.some((f) => f.who === 'one') && found.some((f) => f.who === 'two'))) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(found.filter((f) => f.who === 'one').every((f) => f.port === 41002)).toBe(true);
      expect(found.filter((f) => f.who === 'two').every((f) => f.port === 41001)).toBe(true);
      expect(found.some((f) => f.who === 'one')).toBe(true);
      expect(found.filter((f) => f.who === 'other')).toEqual([]);
    } finally {
      await Promise.all(started.map((mdns) => mdns.close()));
    }
  });
});
