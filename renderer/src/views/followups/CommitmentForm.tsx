import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { createCommitment, type CommitmentDirection } from '../../../../shared/doc/commitments';
import type { Person } from '../../../../shared/doc/people';
import { ValidationError } from '../../../../shared/doc/errors';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { FieldError } from '../../ui/FieldError';
import { PersonPicker } from '../../ui/PersonPicker';
import { readDueDay } from './due';
import { useNow, TIME_ZONE } from '../../doc/useNow';

export interface CommitmentDraft {
  personId?: string | null;
  direction?: CommitmentDirection;
  what?: string;
  due?: string | null;
  noteId?: string;
  suggestionKey?: string;
}

interface CommitmentFormProps {
  doc: Y.Doc;
  people: Person[];
  draft?: CommitmentDraft;
  /** The person is given (their page): no picker. */
  fixedPerson?: Person;
  onDone(id: string): void;
  onCancel(): void;
  title?: string;
}

type Field = 'contactId' | 'direction' | 'what' | 'due' | 'noteId';

/** "I will…" or "they will…", with whom and by when. Bad input shows beside its field and writes nothing. */
export function CommitmentForm({ doc, people, draft = {}, fixedPerson, onDone, onCancel, title = 'Add a commitment' }: CommitmentFormProps) {
  const now = useNow();
  const [personId, setPersonId] = useState(fixedPerson?.id ?? draft.personId ?? '');
  const [direction, setDirection] = useState<CommitmentDirection>(draft.direction ?? 'mine');
  const [what, setWhat] = useState(draft.what ?? '');
  const [due, setDue] = useState(draft.due ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const person = fixedPerson ?? people.find((entry) => entry.id === personId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const day = readDueDay(due, now, TIME_ZONE);
    try {
      const id = createCommitment(
        doc,
        {
          contactId: personId,
          direction,
          what,
          due: day,
          ...(draft.noteId ? { noteId: draft.noteId } : {}),
          ...(draft.suggestionKey ? { suggestionKey: draft.suggestionKey } : {}),
        },
        LOCAL_UI,
      );
      onDone(id);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      setErrors({ [error.field as Field]: error.message });
    }
  };

  const clear = (field: Field) => errors[field] && setErrors({ ...errors, [field]: undefined });

  return (
    <form
      className="card add-form"
      aria-label={title}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2>{title}</h2>
      {fixedPerson ? null : (
        <>
          <PersonPicker
            label="With"
            people={people}
            value={personId}
            onCommit={(id) => {
              setPersonId(id);
              clear('contactId');
              return null;
            }}
            testId="commitment-person"
          />
          <FieldError message={errors.contactId} />
        </>
      )}
      <div className="segmented" role="radiogroup" aria-label="Who will do it">
        {(['mine', 'theirs'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={direction === value}
            onClick={() => setDirection(value)}
          >
            {value === 'mine' ? 'I will' : `${person ? person.name.split(/\s+/)[0] : 'They'} will`}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor="commitment-what">What</label>
        <input
          id="commitment-what"
          autoFocus={Boolean(fixedPerson) || Boolean(draft.personId)}
          placeholder={direction === 'mine' ? 'send the deck' : 'introduce me to their CTO'}
          value={what}
          aria-invalid={errors.what ? true : undefined}
          onChange={(event) => {
            setWhat(event.target.value);
            clear('what');
          }}
        />
        <FieldError message={errors.what} />
      </div>
      <div className="field">
        <label htmlFor="commitment-due">Due</label>
        <input
          id="commitment-due"
          placeholder="2026-12-01, tomorrow, friday… or leave empty"
          value={due}
          aria-invalid={errors.due ? true : undefined}
          onChange={(event) => {
            setDue(event.target.value);
            clear('due');
          }}
        />
        <FieldError message={errors.due ?? errors.noteId} />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Save commitment
        </button>
      </div>
    </form>
  );
}
