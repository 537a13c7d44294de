import type * as Y from 'yjs';
import { getMe, updateMe, type MeField } from '../../../shared/doc/me';
import { useDocValue } from '../doc/useDocValue';
import { LOCAL_UI } from '../../../shared/doc/origins';
import type { PersonField } from '../../../shared/doc/people';
import { EditableField } from '../ui/EditableField';
import type { Suggestions } from '../doc/suggestions';
import { ProfileFields } from './ProfileFields';
import { AliasEditor } from './AliasEditor';
import { saveWith } from '../doc/save';

const ME_ROOTS = ['me'] as const;

/** The user's own profile: what Kith compares with each person to find what you share. */
export function MeView({ doc, suggestions }: { doc: Y.Doc; suggestions: Suggestions }) {
  const me = useDocValue(doc, ME_ROOTS, getMe);
  const save = (field: PersonField, value: unknown) => saveWith(() => updateMe(doc, field as MeField, value, LOCAL_UI));

  return (
    <section className="view scroll" aria-labelledby="me-title">
      <header className="view-header">
        <div>
          <h1 id="me-title">My profile</h1>
          <p className="muted">Kith compares this with each person to show what you share — only on your devices.</p>
        </div>
      </header>
      <div className="detail">
        <section className="card" aria-label="Name">
          <EditableField
            label="Your name"
            value={me.name}
            placeholder="How people know you"
            onCommit={(value) => save('name', value)}
            testId="me-name"
          />
        </section>
        <ProfileFields values={me} save={save} suggestions={suggestions} variant="me" />
        <AliasEditor doc={doc} />
      </div>
    </section>
  );
}
