/**
 * Who brought whom into my network, from each person's `introducedBy`: the
 * chain of introducers behind a person, and the people they introduced.
 * Only people in the network count; one in the Trash or purged ends a chain.
 */
import * as Y from 'yjs';
import { NotFoundError } from '../doc/errors';
import { getPerson, listPeople, type Person } from '../doc/people';

/** Chains longer than this are cut: past it an introduction says little, and a bad record cannot run away. */
export const MAX_CHAIN = 10;

export interface Referrals {
  /** Who introduced this person, who introduced that one, … nearest first. */
  introducedBy: Person[];
  /** The people this person introduced to me, by name. */
  introducedToMe: Person[];
}

/**
 * Follows introducedBy from the person. Two replicas can each set one half
 * of a loop (A by B here, B by A there), so a person already in the chain
 * stops it.
 */
function introducerChain(doc: Y.Doc, person: Person): Person[] {
  const chain: Person[] = [];
  const seen = new Set([person.id]);
  let next = person.introducedBy;
  while (next && !seen.has(next) && chain.length < MAX_CHAIN) {
    const introducer = getPerson(doc, next);
    if (!introducer || introducer.deletedAt) break;
    chain.push(introducer);
    seen.add(introducer.id);
    next = introducer.introducedBy;
  }
  return chain;
}

export function referralsOf(doc: Y.Doc, personId: string): Referrals {
  const person = getPerson(doc, personId);
  if (!person) throw new NotFoundError(`No person with id ${personId}`);
  return {
    introducedBy: introducerChain(doc, person),
    introducedToMe: listPeople(doc).filter((other) => other.introducedBy === personId && other.id !== personId),
  };
}
