/**
 * What Kith knows around a person, beside their own fields: what you share,
 * who introduced whom and their links (their timeline is in Timeline.tsx).
 */
import { useMemo } from 'react';
import type { Commonality } from '../../../shared/analytics/commonality';
import type { Link } from '../../../shared/doc/links';
import type { Person } from '../../../shared/doc/people';
import type { RootName } from '../../../shared/doc/schema';
import type { Query } from '../../../shared/readers/messages';
import { useReader, type ReadersClient } from '../doc/readers-client';

// Each is read on the readers' replica: at 30,000 people every person, or every link, is read to answer them.
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
  readers: ReadersClient;
  person: Person;
  onOpenPerson(id: string): void;
  onOpenMe(): void;
}

type PersonPanelKind = 'commonalityWith' | 'referralsOf' | 'connectionsOf';

/** A panel's answer for this person: undefined while it is read (never another person's answer). */
function usePersonReader<K extends PersonPanelKind>(readers: ReadersClient, kind: K, personId: string, roots: readonly RootName[]) {
  const query = useMemo(() => ({ kind, personId }) as Query<K>, [kind, personId]);
  const answer = useReader(readers, query, roots);
  return { value: answer.current ? answer.value : undefined, error: answer.error };
}

function Reading({ label, error }: { label: string; error: string | null }) {
  return (
    <p className="muted" role="status">
      {error ? `Kith could not read ${label}: ${error}. Reload the window to try again.` : `Reading ${label}…`}
    </p>
  );
}

function PersonLink({ person, onOpen }: { person: Person; onOpen(id: string): void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen(person.id)}>
      {person.name}
    </button>
  );
}

export function WhatYouShare({ readers, person, onOpenMe }: PanelProps) {
  const { value: shared, error } = usePersonReader(readers, 'commonalityWith', person.id, SHARED_ROOTS);
  return (
    <section className="card" aria-label="What you share" data-testid="what-you-share">
      <h3>What you share</h3>
      {shared === undefined ? (
        <Reading label="what you share" error={error} />
      ) : shared.length === 0 ? (
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

export function Referrals({ readers, person, onOpenPerson }: PanelProps) {
  // Shown only when there are some: nothing while they are read, as when there are none.
  const referrals = usePersonReader(readers, 'referralsOf', person.id, PEOPLE_ROOTS).value;
  if (!referrals || (referrals.introducedBy.length === 0 && referrals.introducedToMe.length === 0)) return null;
  const { introducedBy, introducedToMe } = referrals;
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

export function Connections({ readers, person, onOpenPerson }: PanelProps) {
  // Shown only when there are some: nothing while they are read, as when there are none.
  const connections = usePersonReader(readers, 'connectionsOf', person.id, LINK_ROOTS).value;
  if (!connections || connections.length === 0) return null;
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
