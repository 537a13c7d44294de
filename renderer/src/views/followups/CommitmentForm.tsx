import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { createCommitment, type CommitmentDirection } from '../../../../shared/doc/commitments';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { FieldError } from '../../ui/FieldError';
import { FormCard, TextField, useFieldErrors } from '../../ui/FormCard';
import { PersonPicker } from '../../ui/PersonPicker';
import { readDueDay } from './due';
import { useNow, TIME_ZONE } from '../../doc/useNow';
import { firstName } from '../../ui/names';

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
  const { errors, clear, attempt } = useFieldErrors<Field>();
  const person = fixedPerson ?? people.find((entry) => entry.id === personId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const day = readDueDay(due, now, TIME_ZONE);
    const id = attempt(() =>
      createCommitment(
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
      ),
    );
    if (id !== undefined) onDone(id);
  };

  return (
    <FormCard title={title} submitLabel="Save commitment" onSubmit={submit} onCancel={onCancel}>
      {fixedPerson ? null : (
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
      )}
      <FieldError message={errors.contactId} />
      <div className="segmented" role="radiogroup" aria-label="Who will do it">
        {(['mine', 'theirs'] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={direction === value}
            onClick={() => setDirection(value)}
          >
            {value === 'mine' ? 'I will' : `${person ? firstName(person.name) : 'They'} will`}
          </button>
        ))}
      </div>
      <TextField
        id="commitment-what"
        label="What"
        autoFocus={Boolean(fixedPerson) || Boolean(draft.personId)}
        placeholder={direction === 'mine' ? 'send the deck' : 'introduce me to their CTO'}
        value={what}
        error={errors.what}
        onChange={(value) => {
          setWhat(value);
          clear('what');
        }}
      />
      <TextField
        id="commitment-due"
        label="Due"
        placeholder="2026-12-01, tomorrow, friday… or leave empty"
        value={due}
        error={errors.due ?? errors.noteId}
        onChange={(value) => {
          setDue(value);
          clear('due');
        }}
      />
    </FormCard>
  );
}
