import type { ReactNode } from 'react';
import type * as Y from 'yjs';
import { updatePerson, type Person, type PersonField } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { Avatar } from '../ui/Avatar';
import { EditableField } from '../ui/EditableField';
import { Icon } from '../ui/icons';
import type { Suggestions } from '../doc/suggestions';
import { saveWith } from '../doc/save';
import { LANDING } from '../ui/focus';
import { ProfileFields, TIER_LABELS } from './ProfileFields';

interface PersonDetailProps {
  doc: Y.Doc;
  person: Person;
  people: Person[];
  suggestions: Suggestions;
  onTrash(person: Person): void;
  /** Panels about the person beyond their own fields (what we share, referrals, notes…). */
  children?: ReactNode;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

// The map's panels still import it from here; they move to '../doc/save' with the map's split.

export function PersonDetail({ doc, person, people, suggestions, onTrash, children }: PersonDetailProps) {
  const save = (field: PersonField, value: unknown) =>
    saveWith(() => updatePerson(doc, person.id, field, value, LOCAL_UI));
  const subtitle = [person.role, person.org].filter(Boolean).join(' · ');

  return (
    <article className="detail person-detail" aria-labelledby="person-title" data-testid="person-detail">
      <header className="detail-header">
        <Avatar id={person.id} name={person.name} size={56} />
        <div>
          <h2 id="person-title" {...LANDING}>
            {person.name}
          </h2>
          <p className="muted">
            {subtitle || 'No role or organisation yet'}
            <span className="tier-badge">{TIER_LABELS[person.tier]}</span>
          </p>
        </div>
      </header>
      {/* Side by side where the page is wide: what goes on with them, and who they are. */}
      <div className="detail-column">{children}</div>
      <div className="detail-column">
        <section className="card" aria-label="Name">
          <EditableField label="Name" value={person.name} onCommit={(value) => save('name', value)} testId="field-name" />
        </section>
        <ProfileFields
          values={person}
          save={save}
          suggestions={suggestions}
          variant="person"
          people={people}
          personId={person.id}
        />
      </div>
      <footer className="detail-footer">
        <span className="muted">{person.createdAt ? `Added ${dateFormat.format(new Date(person.createdAt))}` : ''}</span>
        <button type="button" className="button button-quiet" onClick={() => onTrash(person)}>
          <Icon name="trash" size={16} />
          Move to Trash
        </button>
      </footer>
    </article>
  );
}
