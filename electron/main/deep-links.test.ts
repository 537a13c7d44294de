import { describe, expect, it } from 'vitest';
import type { DeepLink } from '../../shared/host/contract';
import { DeepLinkRouter } from './deep-links';

function router(canSend = true) {
  const sent: DeepLink[] = [];
  const reports: string[] = [];
  const links = new DeepLinkRouter({ send: (link) => (canSend ? (sent.push(link), true) : false), report: (line) => reports.push(line) });
  return { links, sent, reports };
}

describe('DeepLinkRouter', () => {
  it('keeps the link of a first launch until the window asks, then sends later ones at once', () => {
    const { links, sent } = router();
    expect(links.handleArgv(['/opt/Kith/kith', '--no-sandbox', 'kith://person/abc'])).toBe('kept');
    expect(links.handleArgv(['/opt/Kith/kith', 'kith://note/def'])).toBe('kept');
    expect(sent).toEqual([]);
    // The newest wins, and is taken once.
    expect(links.take()).toEqual({ kind: 'note', id: 'note:def' });
    expect(links.take()).toBeNull();
    expect(links.handle('kith://person/abc')).toBe('shown');
    expect(sent).toEqual([{ kind: 'person', id: 'person:abc' }]);
  });

  it('keeps links while a new window loads, and when sending fails', () => {
    const { links } = router(false);
    links.take();
    expect(links.handle('kith://person/abc')).toBe('kept');
    links.windowLoading();
    expect(links.take()).toEqual({ kind: 'person', id: 'person:abc' });
  });

  it('refuses a malformed link, says so, and keeps nothing', () => {
    const { links, sent, reports } = router();
    links.take();
    for (const bad of ['kith://app', 'kith://person/abc?x=1', 'kith://person/../../etc', 'kith://settings']) {
      expect(links.handle(bad)).toBe('refused');
    }
    expect(links.handleArgv(['/opt/Kith/kith'])).toBe('none');
    expect(sent).toEqual([]);
    expect(links.take()).toBeNull();
    expect(reports).toHaveLength(4);
    expect(reports[0]).toMatch(/kith:\/\/person\/<id>/);
  });
});
