/**
 * Where keyboard focus goes when what held it goes away (a view switched, a
 * form closed, a dialog closed), and dialogs that keep focus inside them
 * (focus-trap) and give it back to where it came from.
 */
import { useEffect, type RefObject } from 'react';
import { createFocusTrap } from 'focus-trap';

/** Marks the element a view would rather have focus land on than its heading (a person's name on their page). */
export const LANDING = { 'data-landing': '' } as const;

/** True when focus is nowhere useful: on the page itself, or on an element that was removed. */
export function focusWasLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/** Focuses the shown view's landing (a marked element, else its heading), so Tab goes on from inside the view. */
export function focusLanding(): void {
  const target = document.querySelector<HTMLElement>('main [data-landing]') ?? document.querySelector<HTMLElement>('main h1');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
}

/**
 * The element that last had focus outside every modal dialog: where a
 * dialog gives focus back. Tracked as focus moves, since a dialog's own
 * autofocus has already moved it by the time the dialog's effects run.
 */
let lastOutsideDialogs: HTMLElement | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement && !event.target.closest('[aria-modal="true"]')) lastOutsideDialogs = event.target;
  });
}

/**
 * Keeps Tab and Shift+Tab inside a dialog while `active` (and it is
 * mounted), and on close gives focus back to what had it before the dialog
 * opened — unless the dialog's command already put focus somewhere (a form
 * it opened), or that element is gone (then the view's landing takes it).
 * Escape stays each dialog's own: an import under way, for one, cannot be
 * left with it.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, active = true): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !active) return;
    const openedFrom = lastOutsideDialogs;
    const trap = createFocusTrap(element, {
      initialFocus: false,
      fallbackFocus: element,
      escapeDeactivates: false,
      allowOutsideClick: true,
      setReturnFocus: () => {
        if (!focusWasLost()) return false;
        if (openedFrom?.isConnected) return openedFrom;
        focusLanding();
        return false;
      },
    });
    trap.activate();
    return () => {
      trap.deactivate();
    };
  }, [ref, active]);
}
