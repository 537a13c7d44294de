import { useEffect, useRef } from 'react';
import { isTyping } from '../../ui/keys';

export interface MapKeys {
  /** L: between moving people and drawing links. */
  onToggleLink(): void;
  /** Esc: out of what is under way (a link being drawn or chosen) and back to moving people. */
  onEscape(): void;
}

/**
 * The map's single-key shortcuts, wherever the focus is while the Map view
 * is shown (it is mounted only then), except while typing in a field.
 */
export function useMapKeys(keys: MapKeys): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'l' || event.key === 'L') {
        event.preventDefault();
        latest.current.onToggleLink();
      } else if (event.key === 'Escape') {
        latest.current.onEscape();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
