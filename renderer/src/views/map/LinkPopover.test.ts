import { describe, expect, it } from 'vitest';
import { placePopover } from './LinkPopover';

const SIZE = { width: 260, height: 300 };
const AREA = { width: 900, height: 700 };

describe('placePopover', () => {
  it('goes centred under the person when there is room', () => {
    expect(placePopover({ x: 450, y: 100 }, SIZE, AREA)).toEqual({ left: 320, top: 116 });
  });

  it('goes above the person near the bottom edge, and inside the right edge', () => {
    expect(placePopover({ x: 880, y: 680 }, SIZE, AREA)).toEqual({ left: 900 - 8 - 260, top: 680 - 16 - 300 });
  });

  it('stays inside the left and top edges', () => {
    expect(placePopover({ x: 10, y: 2 }, SIZE, AREA)).toEqual({ left: 8, top: 18 });
  });

  it('in a map shorter than itself, starts at the top (and scrolls)', () => {
    expect(placePopover({ x: 450, y: 150 }, SIZE, { width: 900, height: 250 })).toEqual({ left: 320, top: 8 });
  });
});
