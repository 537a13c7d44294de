import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { createPerson, personInput } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { FieldError } from '../ui/FieldError';

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
  const [errors, setErrors] = useState<Errors>({});

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
    <form
      className="card add-form"
      onSubmit={submit}
      aria-label="Add a person"
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2>Add a person</h2>
      {(Object.keys(LABELS) as (keyof Fields)[]).map((key, index) => (
        <div className="field" key={key}>
          <label htmlFor={`add-${key}`}>{LABELS[key].label}</label>
          <input
            id={`add-${key}`}
            name={key}
            autoFocus={index === 0}
            placeholder={LABELS[key].placeholder}
            value={fields[key]}
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `add-${key}-error` : undefined}
            onChange={(event) => {
              setFields({ ...fields, [key]: event.target.value });
              if (errors[key]) setErrors({ ...errors, [key]: undefined });
            }}
          />
          <FieldError message={errors[key]} id={`add-${key}-error`} />
        </div>
      ))}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Add person
        </button>
      </div>
    </form>
  );
}
