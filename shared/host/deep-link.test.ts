import { describe, expect, it } from 'vitest';
import { newId } from '../doc/schema';
import { deepLinkArgument, deepLinkTo, parseDeepLink } from './deep-link';

describe('deep links', () => {
  it('round-trips a person and a note', () => {
    for (const id of [newId('person'), newId('note')]) {
      const link = deepLinkTo(id)!;
      expect(link).toMatch(/^kith:\/\/(person|note)\/[0-9a-z]{16}$/);
      expect(parseDeepLink(link)).toEqual({ kind: id.split(':')[0], id });
    }
    expect(parseDeepLink('kith://person/abc123/')).toEqual({ kind: 'person', id: 'person:abc123' });
  });

  it('refuses anything malformed', () => {
    const bad = [
      'kith://app',
      'kith://app/index.html',
      'kith://link/abc',
      'kith://person/',
      'kith://person/abc/def',
      'kith://person/abc?x=1',
      'kith://person/abc#top',
      'kith://person/ABC',
      'kith://person/a%2Fb',
      'kith://person/../note/abc',
      'kith://user@person/abc',
      'kith://person:80/abc',
      'KITH://person/abc',
      'https://person/abc',
      ' kith://person/abc',
      `kith://person/${'a'.repeat(65)}`,
      `kith://person/${'a'.repeat(300)}`,
      '',
      42,
      null,
    ];
    for (const link of bad) expect(parseDeepLink(link), String(link)).toBeNull();
    expect(deepLinkTo('link:abc')).toBeNull();
    expect(deepLinkTo('person:')).toBeNull();
  });

  it('finds the link among the arguments the system passes', () => {
    expect(deepLinkArgument(['/usr/bin/kith', '--no-sandbox', 'kith://note/abc'])).toBe('kith://note/abc');
    expect(deepLinkArgument(['/usr/bin/kith', '--flag'])).toBeNull();
  });
});
