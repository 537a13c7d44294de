import { useState, type FormEvent } from 'react';
import { LINK_KINDS, type LinkKind } from '../../../../shared/doc/links';
import { FieldError } from '../../ui/FieldError';

export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  knows: 'Knows',
  'works-with': 'Works with',
  introduced: 'Introduced',
  mentor: 'Mentor',
  family: 'Family',
  custom: 'Other…',
};

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
      <div className="field">
        <label htmlFor="link-kind">How they are linked</label>
        <select id="link-kind" autoFocus value={kind} onChange={(event) => setKind(event.target.value as LinkKind)}>
          {LINK_KINDS.map((value) => (
            <option key={value} value={value}>
              {LINK_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'custom' ? (
        <div className="field">
          <label htmlFor="link-label">Label</label>
          <input id="link-label" value={label} placeholder="Co-founders, bandmates…" onChange={(event) => setLabel(event.target.value)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="link-strength">Strength: {strength} of 5</label>
        <input
          id="link-strength"
          type="range"
          min={1}
          max={5}
          step={1}
          value={strength}
          onChange={(event) => setStrength(Number(event.target.value))}
        />
      </div>
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
