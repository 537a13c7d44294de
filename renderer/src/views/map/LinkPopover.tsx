import { useState, type FormEvent } from 'react';
import type { LinkKind } from '../../../../shared/doc/links';
import { LinkKindField, StrengthField } from './LinkFields';
import { FieldError } from '../../ui/FieldError';

export interface LinkChoice {
  kind: LinkKind;
  label: string;
  strength: number;
}

interface LinkPopoverProps {
  title: string;
  x: number;
  y: number;
  /** Creates the link; returns an error message when it is refused. */
  onConfirm(choice: LinkChoice): string | null;
  onCancel(): void;
}

/** Chooses what a link drawn on the map means before it is recorded. */
export function LinkPopover({ title, x, y, onConfirm, onCancel }: LinkPopoverProps) {
  const [kind, setKind] = useState<LinkKind>('knows');
  const [label, setLabel] = useState('');
  const [strength, setStrength] = useState(3);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(onConfirm({ kind, label, strength }));
  };

  return (
    <form
      className="popover card"
      style={{ left: x, top: y }}
      onSubmit={submit}
      aria-label="New link"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3>{title}</h3>
      <LinkKindField value={kind} onChange={setKind} autoFocus />
      {kind === 'custom' ? (
        <div className="field">
          <label htmlFor="link-label">Label</label>
          <input id="link-label" value={label} placeholder="Co-founders, bandmates…" onChange={(event) => setLabel(event.target.value)} />
        </div>
      ) : null}
      <StrengthField value={strength} onChange={setStrength} />
      <FieldError message={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary">
          Link
        </button>
      </div>
    </form>
  );
}
