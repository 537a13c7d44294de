import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { FieldError } from './FieldError';

interface EditableFieldProps {
  label: string;
  value: string;
  placeholder?: string;
  /** Writes the value; returns an error message (and writes nothing) when it is invalid. */
  onCommit(value: string): string | null;
  className?: string;
  testId?: string;
  /** A text area for longer text (Enter adds a line; the field saves when you leave it). */
  multiline?: boolean;
  inputMode?: 'numeric' | 'text';
}

/**
 * A field that saves when you leave it or press Enter, and puts the saved
 * value back on Escape. An invalid value stays in the box with the reason
 * beside it; nothing is written until it is fixed.
 */
export function EditableField({ label, value, placeholder, onCommit, className, testId, multiline, inputMode }: EditableFieldProps) {
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

  // Escape puts the saved value back; the blur that follows must not save the abandoned draft.
  const reverted = useRef(false);
  const revert = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    reverted.current = true;
    setDraft(value);
    setError(null);
    event.currentTarget.blur();
  };

  const shared = {
    id,
    value: draft,
    placeholder,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onFocus: () => setEditing(true),
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onBlur: () => {
      setEditing(false);
      if (reverted.current) reverted.current = false;
      else commit();
    },
  };

  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          {...shared}
          rows={2}
          onKeyDown={(event) => {
            if (event.key === 'Escape') revert(event);
          }}
        />
      ) : (
        <input
          {...shared}
          inputMode={inputMode}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            } else if (event.key === 'Escape') {
              revert(event);
            }
          }}
        />
      )}
      <FieldError message={error} id={`${id}-error`} />
    </div>
  );
}
