import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
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
  /** Where the link was dropped, in the map's box (px from its top left). */
  x: number;
  y: number;
  /** Creates the link; returns an error message when it is refused. */
  onConfirm(choice: LinkChoice): string | null;
  onCancel(): void;
}

/** Space kept between the popover and the person it points at, and the map's edges. */
const OFFSET = 16;
const MARGIN = 8;

/**
 * Where a box of `size` goes for a drop at `at` inside `area`: centred under
 * the point, above it when there is no room below, and always inside the
 * area (at its top left when the area is smaller than the box).
 */
export function placePopover(
  at: { x: number; y: number },
  size: { width: number; height: number },
  area: { width: number; height: number },
): { left: number; top: number } {
  const clamp = (value: number, max: number) => Math.max(MARGIN, Math.min(value, max - MARGIN));
  const below = at.y + OFFSET;
  const above = at.y - OFFSET - size.height;
  const top = below + size.height <= area.height - MARGIN || above < MARGIN ? below : above;
  return { left: clamp(at.x - size.width / 2, area.width - size.width), top: clamp(top, area.height - size.height) };
}

/** Chooses what a link drawn on the map means before it is recorded. Enter links, Esc cancels. */
export function LinkPopover({ title, x, y, onConfirm, onCancel }: LinkPopoverProps) {
  const [kind, setKind] = useState<LinkKind>('knows');
  const [label, setLabel] = useState('');
  const [strength, setStrength] = useState(3);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);

  // Measured before the first paint (a layout effect), so the popover never shows outside the map, even for a frame.
  useLayoutEffect(() => {
    const form = formRef.current!;
    const area = form.offsetParent as HTMLElement | null;
    if (!area) return;
    setPlace(
      placePopover({ x, y }, { width: form.offsetWidth, height: form.offsetHeight }, { width: area.clientWidth, height: area.clientHeight }),
    );
  }, [x, y, kind, error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(onConfirm({ kind, label, strength }));
  };

  // A select and a slider do not submit their form on Enter by themselves; the popover's fields all should.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return (
    <form
      ref={formRef}
      className="popover card"
      style={place ?? { left: x, top: y }}
      onSubmit={submit}
      aria-label="New link"
      onKeyDown={onKeyDown}
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
