/**
 * The offer to undo what was just done (a person or note moved to the
 * Trash, a commitment marked done): a toast with an Undo button that goes
 * away by itself after a while.
 */
import { useEffect, useState, type ReactNode } from 'react';

/** How long an undo offer stays. */
export const UNDO_MS = 8000;

/** State that clears itself `ms` after it was last set: what the toast offers to undo. */
export function useForAWhile<T>(ms = UNDO_MS): [T | null, (value: T | null) => void] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (value === null) return;
    const timer = setTimeout(() => setValue(null), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return [value, setValue];
}

export function UndoToast({ children, onUndo }: { children: ReactNode; onUndo(): void }) {
  return (
    <div className="toast" role="status">
      {children}
      <button type="button" className="button button-quiet" onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
