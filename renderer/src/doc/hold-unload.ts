/**
 * Keeps the window from closing while a big change of its own is being
 * written (sliced-write.ts): the slices applied so far are stored in this
 * profile's copy, the host drops those it was holding, and the next session
 * would bring half an import to every device. A browser asks "Leave site?";
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
