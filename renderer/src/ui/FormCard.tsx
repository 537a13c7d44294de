/**
 * The pieces of Kith's small forms (add a person, a commitment, a request):
 * a card with a title where Escape cancels and Cancel / the primary action
 * end it; labelled text fields with their error beside them; and the errors
 * themselves — a refused write shows beside its field and writes nothing.
 */
import { useState, type FormEvent, type HTMLInputTypeAttribute, type ReactNode } from 'react';
import { ValidationError } from '../../../shared/doc/errors';
import { FieldError } from './FieldError';

interface FormCardProps {
  title: string;
  submitLabel: string;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onCancel(): void;
  children: ReactNode;
}

export function FormCard({ title, submitLabel, onSubmit, onCancel, children }: FormCardProps) {
  return (
    <form
      className="card add-form"
      aria-label={title}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h2>{title}</h2>
      {children}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  error?: string | null;
  onChange(value: string): void;
  placeholder?: string;
  autoFocus?: boolean;
  name?: string;
  type?: HTMLInputTypeAttribute;
}

/** A labelled input with its error under it (and named by it, for screen readers). */
export function TextField({ id, label, value, error, onChange, placeholder, autoFocus, name, type }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoFocus={autoFocus}
        placeholder={placeholder}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError message={error} id={`${id}-error`} />
    </div>
  );
}

/** Errors by field: shown until that field is edited again. */
export function useFieldErrors<Field extends string>() {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  return {
    errors,
    setErrors,
    clear(field: Field) {
      if (errors[field]) setErrors({ ...errors, [field]: undefined });
    },
    /** Runs a write; a ValidationError shows beside its field instead, and the result is undefined. */
    attempt<T>(write: () => T): T | undefined {
      try {
        return write();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        setErrors({ [error.field]: error.message } as Partial<Record<Field, string>>);
        return undefined;
      }
    },
  };
}
