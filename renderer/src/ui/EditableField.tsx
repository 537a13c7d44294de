import { useId, useState } from 'react';

interface EditableFieldProps {
  label: string;
  value: string;
  placeholder?: string;
  /** Writes the value; returns an error message (and writes nothing) when it is invalid. */
  onCommit(value: string): string | null;
  className?: string;
  testId?: string;
}

/**
 * A field that saves when you leave it or press Enter, and puts the saved
 * value back on Escape. An invalid value stays in the box with the reason
 * beside it; nothing is written until it is fixed.
 */
export function EditableField({ label, value, placeholder, onCommit, className, testId }: EditableFieldProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const id = useId();

  const [shown, setShown] = useState(value);

  // Follow changes made elsewhere (another window, a synced device) unless the user is typing here.
  if (value !== shown && !editing) {
    setShown(value);
    setDraft(value);
    setError(null);
  }

  const commit = () => {
    if (draft === value) {
      setError(null);
      return;
    }
    setError(onCommit(draft));
  };

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={draft}
        placeholder={placeholder}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onFocus={() => setEditing(true)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          setEditing(false);
          commit();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          } else if (event.key === 'Escape') {
            setDraft(value);
            setError(null);
            event.currentTarget.blur();
          }
        }}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
