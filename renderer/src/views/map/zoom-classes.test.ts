import { afterEach, describe, expect, it, vi } from 'vitest';
import cytoscape from 'cytoscape';
import { MARK_AFTER_MS, onSettledView } from './zoom-classes';

describe('a settled view', () => {
  afterEach(() => vi.useRealTimers());

  it('comes once the view is still, and during a drag only at its release', () => {
    vi.useFakeTimers();
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'a' } }] });
    const run = vi.fn();
    const stop = onSettledView(cy, run);
    cy.pan({ x: 10, y: 0 });
    cy.pan({ x: 20, y: 0 });
    vi.advanceTimersByTime(MARK_AFTER_MS);
    expect(run).toHaveBeenCalledTimes(1);

    // A drag that pauses longer than MARK_AFTER_MS between moves: nothing until the button is let go.
    cy.emit('tapstart');
    cy.pan({ x: 30, y: 0 });
    vi.advanceTimersByTime(5 * MARK_AFTER_MS);
    cy.pan({ x: 40, y: 0 });
    vi.advanceTimersByTime(5 * MARK_AFTER_MS);
    expect(run).toHaveBeenCalledTimes(1);
    cy.emit('tapend');
    vi.advanceTimersByTime(MARK_AFTER_MS);
    expect(run).toHaveBeenCalledTimes(2);

    stop();
    cy.pan({ x: 50, y: 0 });
    vi.advanceTimersByTime(MARK_AFTER_MS);
    expect(run).toHaveBeenCalledTimes(2);
    cy.destroy();
  });
});
