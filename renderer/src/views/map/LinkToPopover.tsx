import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Person } from '../../../../shared/doc/people';
import { PersonPicker } from '../../ui/PersonPicker';
import { shortName } from '../../ui/names';
import { placePopover } from './LinkPopover';

interface LinkToPopoverProps {
  people: Person[];
  /** The person the link starts from; null asks for them first (the palette's Link to… with no one in focus). */
  from: string | null;
  /** Where to show it, in the map's box (px from its top left). */
  x: number;
  y: number;
  /** Both people chosen: the caller opens the same link form a drawn link opens. */
  onChosen(from: string, to: string): void;
  onCancel(): void;
}

/** "Link to…" from the keyboard: asks for the other person with the person picker used everywhere else. Esc cancels. */
export function LinkToPopover({ people, from: initialFrom, x, y, onChosen, onCancel }: LinkToPopoverProps) {
  const [from, setFrom] = useState(initialFrom);
  const formRef = useRef<HTMLFormElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  const fromName = people.find((person) => person.id === from)?.name;

  useLayoutEffect(() => {
    const form = formRef.current!;
    const area = form.offsetParent as HTMLElement | null;
    if (!area) return;
    setPlace(placePopover({ x, y }, { width: form.offsetWidth, height: form.offsetHeight }, { width: area.clientWidth, height: area.clientHeight }));
  }, [x, y, from]);

  // The picker's box takes focus at each step, so typing a name is all it takes.
  useEffect(() => formRef.current?.querySelector('input')?.focus(), [from]);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form
      ref={formRef}
      className="popover link-to card"
      style={place ?? { left: x, top: y }}
      aria-label="Link to"
      onSubmit={(event) => event.preventDefault()}
      onKeyDown={onKeyDown}
      data-testid="link-to"
    >
      <h3>{fromName ? `Link ${shortName(fromName)} to…` : 'Link two people'}</h3>
      {from ? (
        <PersonPicker
          key="to"
          label="Who do they know?"
          people={people}
          value=""
          exclude={from}
          onCommit={(to) => {
            if (to) onChosen(from, to);
            return null;
          }}
          testId="link-to-person"
        />
      ) : (
        <PersonPicker
          key="from"
          label="Link whom?"
          people={people}
          value=""
          onCommit={(id) => {
            if (id) setFrom(id);
            return null;
          }}
          testId="link-from-person"
        />
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
