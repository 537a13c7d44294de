import type * as Y from 'yjs';
import { updatePerson, type Person, type PersonField } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { ValidationError } from '../../../shared/doc/errors';
import { Avatar } from '../ui/Avatar';
import { EditableField } from '../ui/EditableField';
import { Icon } from '../ui/icons';

interface PersonDetailProps {
  doc: Y.Doc;
  person: Person;
  onTrash(person: Person): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function PersonDetail({ doc, person, onTrash }: PersonDetailProps) {
  const save = (field: PersonField) => (value: string) => {
    try {
      updatePerson(doc, person.id, field, value, LOCAL_UI);
      return null;
    } catch (error) {
      if (error instanceof ValidationError) return error.message;
      throw error;
    }
  };
  const subtitle = [person.role, person.org].filter(Boolean).join(' · ');

  return (
    <article className="detail" aria-labelledby="person-title" data-testid="person-detail">
      <header className="detail-header">
        <Avatar id={person.id} name={person.name} size={56} />
        <div>
          <h2 id="person-title">{person.name}</h2>
          <p className="muted">{subtitle || 'No role or organisation yet'}</p>
        </div>
      </header>
      <div className="card">
        <EditableField label="Name" value={person.name} onCommit={save('name')} testId="field-name" />
        <EditableField
          label="Organisation"
          value={person.org}
          placeholder="Where they work"
          onCommit={save('org')}
          testId="field-org"
        />
        <EditableField
          label="Role"
          value={person.role}
          placeholder="What they do there"
          onCommit={save('role')}
          testId="field-role"
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
