import { describe, expect, it } from 'vitest';
import { holdUnload } from './hold-unload';

const unload = () => new Event('beforeunload', { cancelable: true });

describe('holding the window open while it writes', () => {
  it('refuses an unload until released, then lets it go', () => {
    const target = new EventTarget();
    const release = holdUnload(target);
    const during = unload();
    target.dispatchEvent(during);
    expect(during.defaultPrevented).toBe(true);
    release();
    const after = unload();
    target.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
