/**
 * Keeps the window from closing while a big change of its own is being
 * written (sliced-write.ts): neither this profile's copy (local-copy.ts)
 * nor the host keeps any of it until its end, so closing meanwhile loses the
 * whole import (nothing half-done is kept). A browser asks "Leave site?";
 * Electron's main process asks in a dialog of its own (`will-prevent-unload`).
 */
export function holdUnload(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>): () => void {
  const hold = (event: Event) => {
    event.preventDefault();
    // Chromium before 119 asks only when returnValue is set.
    (event as BeforeUnloadEvent).returnValue = '';
  };
  target.addEventListener('beforeunload', hold);
  return () => target.removeEventListener('beforeunload', hold);
}
