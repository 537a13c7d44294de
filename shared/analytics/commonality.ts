/**
 * What I (the `me` profile) share with one person, each with a line to open
 * a conversation with. The most personal hooks come first — where we grew
 * up, where we studied, what we like — then work, then people we both know.
 */
import * as Y from 'yjs';
import { NotFoundError } from '../doc/errors';
import { getMe } from '../doc/me';
import { getPerson } from '../doc/people';
import { linksOf, otherEnd } from '../doc/links';
import { createMatcher } from './normalize';
import { sharedFacets, type Facet, type FacetKind } from './facets';

/** Tags say how I file someone, not who they are, so they are not offered as common ground. */
type SharedFacet = Facet & { kind: Exclude<FacetKind, 'tag'> };
export type CommonalityKind = SharedFacet['kind'] | 'mutualContacts';

export interface Commonality {
  kind: CommonalityKind;
  /** The shared value as the person writes it (for mutual contacts: their names). */
  value: string;
  /** The same value as I write it ('' for mutual contacts). */
  mine: string;
  starter: string;
  /** Mutual contacts only: who they are, closest to the person first. */
  personIds?: string[];
}

const MUTUAL_NAMES_SHOWN = 3;

function starterFor(facet: SharedFacet): string {
  const value = facet.a;
  switch (facet.kind) {
    case 'hometown':
      return `You're both from ${value} — ask what they miss about it.`;
    case 'school':
      return `You both studied at ${value} — ask what they worked on there.`;
    case 'interest':
      return `You share an interest in ${value} — ask how they got into it.`;
    case 'location':
      return `You're both based in ${value} — suggest meeting up nearby.`;
    case 'pastOrg':
      if (facet.now === 'a') return `They work at ${value}, where you used to — ask how it has changed since your time.`;
      if (facet.now === 'b') return `They used to work at ${value}, where you work now — ask what they remember of it.`;
      return `You both worked at ${value} — swap stories from your time there.`;
    case 'org':
      return `You both work at ${value} — ask what they are working on at the moment.`;
    case 'expertise':
      return `You both know ${value} — compare notes on what is changing in it.`;
  }
}

/** "Ana Diaz", "Ana Diaz and Ben Ong", "Ana Diaz, Ben Ong, Chen Li and 2 others". */
export function nameList(names: readonly string[], shown = MUTUAL_NAMES_SHOWN): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= shown) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const rest = names.length - shown;
  return `${names.slice(0, shown).join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
}

/** The people a person is linked with: all of them are my contacts, so all are mutual. */
function mutualContacts(doc: Y.Doc, personId: string): Commonality | null {
  // linksOf orders by strength, so the closest of the person's contacts lead.
  const people = linksOf(doc, personId).map((link) => getPerson(doc, otherEnd(link, personId))!);
  if (people.length === 0) return null;
  const first = people[0]!.name;
  return {
    kind: 'mutualContacts',
    value: nameList(people.map((person) => person.name)),
    mine: '',
    starter:
      people.length === 1
        ? `${first} is a mutual contact — ask how they know each other.`
        : `You have ${people.length} mutual contacts, among them ${first} — ask how they know each other.`,
    personIds: people.map((person) => person.id),
  };
}

/** What I share with a person, most personal first; [] when my profile is empty and they have no links. */
export function findCommonality(doc: Y.Doc, personId: string): Commonality[] {
  const person = getPerson(doc, personId);
  if (!person) throw new NotFoundError(`No person with id ${personId}`);
  const shared: Commonality[] = sharedFacets(createMatcher(doc), person, getMe(doc))
    .filter((facet): facet is SharedFacet => facet.kind !== 'tag')
    .map((facet) => ({ kind: facet.kind, value: facet.a, mine: facet.b, starter: starterFor(facet) }));
  const mutual = mutualContacts(doc, personId);
  return mutual ? [...shared, mutual] : shared;
}
