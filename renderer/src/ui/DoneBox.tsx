/** The round box that marks a commitment done — or, once ticked, not done after all. */
export function DoneBox({ done, what, onToggle }: { done: boolean; what: string; onToggle(): void }) {
  return (
    <button
      type="button"
      className="done-box"
      role="checkbox"
      aria-checked={done}
      aria-label={`${done ? 'Not done' : 'Mark done'}: ${what}`}
      onClick={onToggle}
    />
  );
}
