import { useId } from 'react';
import { LINK_KINDS, type LinkKind } from '../../../../shared/doc/links';

export const LINK_KIND_LABELS: Record<LinkKind, string> = {
  knows: 'Knows',
  'works-with': 'Works with',
  introduced: 'Introduced',
  mentor: 'Mentor',
  family: 'Family',
  custom: 'Other…',
};

/** What a link means; used when drawing a link and when editing one. */
export function LinkKindField({ value, onChange, autoFocus }: { value: LinkKind; onChange(kind: LinkKind): void; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>How they are linked</label>
      <select id={id} autoFocus={autoFocus} value={value} onChange={(event) => onChange(event.target.value as LinkKind)}>
        {LINK_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {LINK_KIND_LABELS[kind]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** How strong a link is, 1 to 5. */
export function StrengthField({ value, onChange }: { value: number; onChange(strength: number): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Strength: {value} of 5</label>
      <input id={id} type="range" min={1} max={5} step={1} value={value} onChange={(event) => onChange(Number(event.target.value))} />
    </div>
  );
}
