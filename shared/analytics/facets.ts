/**
 * What two profiles have in common, field by field: the one comparison
 * behind "what do I share with this person" (commonality.ts) and "who should
 * meet whom" (should-meet.ts). Values match through a Matcher, so spelling,
 * accents and aliases do not hide a shared school or town.
 */
import type { PersonValues } from '../doc/people';
import type { Matcher } from './normalize';

export type Profile = Pick<
  PersonValues,
  'org' | 'location' | 'hometown' | 'schools' | 'interests' | 'expertise' | 'pastOrgs' | 'tags'
>;

/** Kinds of shared facet, most personal first: the order results are shown in. */
export const FACET_KINDS = ['hometown', 'school', 'interest', 'location', 'pastOrg', 'org', 'expertise', 'tag'] as const;
export type FacetKind = (typeof FACET_KINDS)[number];

export interface Facet {
  kind: FacetKind;
  /** How the first profile writes the shared value, and how the second does. */
  a: string;
  b: string;
  /**
   * For 'pastOrg': the side that works there now, the other having worked
   * there before; absent when both worked there in the past.
   */
  now?: 'a' | 'b';
}

/** "Lisbon, Portugal" → the city and what follows it, each as a match key. */
function placeParts(match: Matcher, place: string): { city: string; region: string } {
  const comma = place.indexOf(',');
  if (comma < 0) return { city: match(place), region: '' };
  return { city: match(place.slice(0, comma)), region: match(place.slice(comma + 1)) };
}

/** The key a place is grouped by when looking for people in one place: its city. */
export function placeKey(match: Matcher, place: string): string {
  return placeParts(match, place).city;
}

/**
 * Two places match when they match whole ("Washington, D.C." and "DC"), or
 * name one city and do not disagree on the rest ("London, UK" and "London",
 * but not "Cambridge, UK" and "Cambridge, MA").
 */
export function samePlace(match: Matcher, a: string, b: string): boolean {
  if (match(a) === '' || match(b) === '') return false;
  if (match(a) === match(b)) return true;
  const first = placeParts(match, a);
  const second = placeParts(match, b);
  if (first.city !== second.city) return false;
  return first.region === '' || second.region === '' || first.region === second.region;
}

/** Values both lists hold, once per match key, in the first list's order. */
function sharedItems(match: Matcher, kind: FacetKind, a: readonly string[], b: readonly string[]): Facet[] {
  const byKey = new Map<string, string>();
  for (const value of b) if (!byKey.has(match(value))) byKey.set(match(value), value);
  const facets: Facet[] = [];
  for (const value of a) {
    const other = byKey.get(match(value));
    if (other === undefined || match(value) === '') continue;
    byKey.delete(match(value));
    facets.push({ kind, a: value, b: other });
  }
  return facets;
}

/** Current and past organisations: the same one now, the same one before, or one's now the other's before. */
function sharedOrgs(match: Matcher, a: Profile, b: Profile): Facet[] {
  const facets: Facet[] = [];
  const currentKey = match(a.org);
  const sameNow = currentKey !== '' && currentKey === match(b.org);
  if (sameNow) facets.push({ kind: 'org', a: a.org, b: b.org });
  const seen = new Set(sameNow ? [currentKey] : []);
  const add = (facet: Facet, value: string) => {
    if (seen.has(match(value))) return;
    seen.add(match(value));
    facets.push(facet);
  };
  for (const facet of sharedItems(match, 'pastOrg', a.pastOrgs, b.pastOrgs)) add(facet, facet.a);
  for (const facet of sharedItems(match, 'pastOrg', a.pastOrgs, [b.org])) add({ ...facet, now: 'b' }, facet.a);
  for (const facet of sharedItems(match, 'pastOrg', [a.org], b.pastOrgs)) add({ ...facet, now: 'a' }, facet.a);
  return facets;
}

/** Every facet the two profiles share, in FACET_KINDS order. */
export function sharedFacets(match: Matcher, a: Profile, b: Profile): Facet[] {
  const facets: Facet[] = [];
  if (samePlace(match, a.hometown, b.hometown)) facets.push({ kind: 'hometown', a: a.hometown, b: b.hometown });
  facets.push(...sharedItems(match, 'school', a.schools, b.schools));
  facets.push(...sharedItems(match, 'interest', a.interests, b.interests));
  if (samePlace(match, a.location, b.location)) facets.push({ kind: 'location', a: a.location, b: b.location });
  facets.push(...sharedOrgs(match, a, b));
  facets.push(...sharedItems(match, 'expertise', a.expertise, b.expertise));
  facets.push(...sharedItems(match, 'tag', a.tags, b.tags));
  const order = (facet: Facet) => FACET_KINDS.indexOf(facet.kind);
  return facets.sort((x, y) => order(x) - order(y));
}
