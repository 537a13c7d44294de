import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { createPerson, personInput } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { FormCard, TextField, useFieldErrors } from '../ui/FormCard';

type Fields = { name: string; org: string; role: string };
type Errors = Partial<Record<keyof Fields, string>>;

interface AddPersonFormProps {
  doc: Y.Doc;
  onAdded(id: string): void;
  onCancel(): void;
}

const LABELS: Record<keyof Fields, { label: string; placeholder: string }> = {
  name: { label: 'Name', placeholder: 'Ada Lovelace' },
  org: { label: 'Organisation', placeholder: 'Analytical Engines Ltd' },
  role: { label: 'Role', placeholder: 'Research lead' },
};

export function AddPersonForm({ doc, onAdded, onCancel }: AddPersonFormProps) {
  const [fields, setFields] = useState<Fields>({ name: '', org: '', role: '' });
  const { errors, setErrors, clear } = useFieldErrors<keyof Fields>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = personInput.safeParse(fields);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof Fields;
        next[field] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    onAdded(createPerson(doc, parsed.data, LOCAL_UI));
  };

  return (
    <FormCard title="Add a person" submitLabel="Add person" onSubmit={submit} onCancel={onCancel}>
      {(Object.keys(LABELS) as (keyof Fields)[]).map((key, index) => (
        <TextField
          key={key}
          id={`add-${key}`}
          name={key}
          label={LABELS[key].label}
          autoFocus={index === 0}
          placeholder={LABELS[key].placeholder}
          value={fields[key]}
          error={errors[key]}
          onChange={(value) => {
            setFields({ ...fields, [key]: value });
            clear(key);
          }}
        />
      ))}
    </FormCard>
  );
}
