import { describe, expect, it } from 'vitest';
import { holdUnload } from './hold-unload';

/** Like a browser's BeforeUnloadEvent, its returnValue can be set (Node's Event has only a getter). */
function unload(): Event {
  const event = new Event('beforeunload', { cancelable: true });
  Object.defineProperty(event, 'returnValue', { value: true, writable: true });
  return event;
}

describe('holding the window open while it writes', () => {
  it('refuses an unload until released, then lets it go', () => {
    const target = new EventTarget();
    const release = holdUnload(target);
    const during = unload();
    target.dispatchEvent(during);
    expect(during.defaultPrevented).toBe(true);
    expect((during as unknown as { returnValue: unknown }).returnValue).toBe('');
    release();
    const after = unload();
    target.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
