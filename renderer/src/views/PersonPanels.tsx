/**
 * What Kith knows around a person, beside their own fields: what you share,
 * who introduced whom and their links (their timeline is in Timeline.tsx).
 */
import { useCallback } from 'react';
import type * as Y from 'yjs';
import { findCommonality, type Commonality } from '../../../shared/analytics/commonality';
import { referralsOf } from '../../../shared/analytics/referrals';
import { linksOf, otherEnd, type Link } from '../../../shared/doc/links';
import { getPerson, isLivePerson, type Person } from '../../../shared/doc/people';
import { useDocValue } from '../doc/useDocValue';

const SHARED_ROOTS = ['me', 'contacts', 'links', 'aliases'] as const;
const PEOPLE_ROOTS = ['contacts'] as const;
const LINK_ROOTS = ['contacts', 'links'] as const;

const KIND_LABELS: Record<Commonality['kind'], string> = {
  hometown: 'Hometown',
  school: 'School',
  interest: 'Interest',
  location: 'Lives near',
  pastOrg: 'Worked at',
  org: 'Organisation',
  expertise: 'Expertise',
  mutualContacts: 'Mutual contacts',
};

const LINK_LABELS: Record<Link['kind'], string> = {
  knows: 'knows',
  'works-with': 'works with',
  introduced: 'introduced',
  mentor: 'mentor',
  family: 'family',
  custom: '',
};

interface PanelProps {
  doc: Y.Doc;
  person: Person;
  onOpenPerson(id: string): void;
  onOpenMe(): void;
}

function PersonLink({ person, onOpen }: { person: Person; onOpen(id: string): void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen(person.id)}>
      {person.name}
    </button>
  );
}

export function WhatYouShare({ doc, person, onOpenMe }: PanelProps) {
  const read = useCallback(
    (current: Y.Doc) => (isLivePerson(current, person.id) ? findCommonality(current, person.id) : []),
    [person.id],
  );
  const shared = useDocValue(doc, SHARED_ROOTS, read);
  return (
    <section className="card" aria-label="What you share" data-testid="what-you-share">
      <h3>What you share</h3>
      {shared.length === 0 ? (
        <p className="muted">
          Nothing yet. Add their interests, schools and hometown here, and yours in{' '}
          <span className="nowrap">
            <button type="button" className="link-button" onClick={onOpenMe}>
              My profile
            </button>
            .
          </span>
        </p>
      ) : (
        <ul className="shared-list">
          {shared.map((item) => (
            <li key={`${item.kind}:${item.value}`}>
              <span className="shared-kind">{KIND_LABELS[item.kind]}</span>
              <span className="shared-value">{item.value}</span>
              <span className="shared-starter">{item.starter}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Referrals({ doc, person, onOpenPerson }: PanelProps) {
  const read = useCallback(
    (current: Y.Doc) =>
      isLivePerson(current, person.id) ? referralsOf(current, person.id) : { introducedBy: [], introducedToMe: [] },
    [person.id],
  );
  const { introducedBy, introducedToMe } = useDocValue(doc, PEOPLE_ROOTS, read);
  if (introducedBy.length === 0 && introducedToMe.length === 0) return null;
  return (
    <section className="card" aria-label="Referrals" data-testid="referrals">
      <h3>Referrals</h3>
      {introducedBy.length > 0 ? (
        <p>
          Introduced by{' '}
          {introducedBy.map((introducer, index) => (
            <span key={introducer.id}>
              {index > 0 ? ', who was introduced by ' : ''}
              <PersonLink person={introducer} onOpen={onOpenPerson} />
            </span>
          ))}
        </p>
      ) : null}
      {introducedToMe.length > 0 ? (
        <p>
          Introduced you to{' '}
          {introducedToMe.map((introduced, index) => (
            <span key={introduced.id}>
              {index > 0 ? ', ' : ''}
              <PersonLink person={introduced} onOpen={onOpenPerson} />
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

export function Connections({ doc, person, onOpenPerson }: PanelProps) {
  const read = useCallback(
    (current: Y.Doc) =>
      linksOf(current, person.id).flatMap((link) => {
        const other = getPerson(current, otherEnd(link, person.id));
        return other && !other.deletedAt ? [{ link, other }] : [];
      }),
    [person.id],
  );
  const connections = useDocValue(doc, LINK_ROOTS, read);
  if (connections.length === 0) return null;
  return (
    <section className="card" aria-label="Connections" data-testid="connections">
      <h3>Connections</h3>
      <ul className="plain-list">
        {connections.map(({ link, other }) => (
          <li key={link.id}>
            <PersonLink person={other} onOpen={onOpenPerson} />{' '}
            <span className="muted">{link.kind === 'custom' ? link.label : LINK_LABELS[link.kind]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
