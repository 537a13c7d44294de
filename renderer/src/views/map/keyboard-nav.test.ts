import { describe, expect, it } from 'vitest';
import { nearestInDirection, nearestTo, type Place } from './keyboard-nav';

const at = (id: string, x: number, y: number): Place => ({ id, x, y });
const origin = at('me', 0, 0);

describe('the person an arrow key moves to', () => {
  it('goes to the nearest person that way, and to no one when no one is', () => {
    const places = [at('near', 100, 0), at('far', 300, 0), at('behind', -50, 0)];
    expect(nearestInDirection(origin, places, 'right')).toBe('near');
    expect(nearestInDirection(origin, places, 'left')).toBe('behind');
    expect(nearestInDirection(origin, places, 'up')).toBeNull();
    expect(nearestInDirection(origin, places, 'down')).toBeNull();
  });

  it('counts y downwards, as the screen does', () => {
    const places = [at('above', 0, -80), at('below', 0, 80)];
    expect(nearestInDirection(origin, places, 'up')).toBe('above');
    expect(nearestInDirection(origin, places, 'down')).toBe('below');
  });

  it('prefers someone within 45° of the arrow over someone nearer but off to the side', () => {
    // `side` is 67 away at 63° from the arrow; `ahead` is 100 away straight on.
    const places = [at('ahead', 100, 0), at('side', 30, 60)];
    expect(nearestInDirection(origin, places, 'right')).toBe('ahead');
    expect(nearestInDirection(origin, places, 'down')).toBe('side');
  });

  it('takes the nearer of two people within the cone, even if one is less straight ahead', () => {
    const places = [at('straight', 100, 0), at('diagonal', 50, 40)];
    expect(nearestInDirection(origin, places, 'right')).toBe('diagonal');
  });

  it('falls back to the best person on that side when no one is within 45°', () => {
    const places = [at('steep', 20, 90), at('steeper', 10, 200), at('left', -40, 0)];
    expect(nearestInDirection(origin, places, 'right')).toBe('steep');
  });

  it('never picks the person it starts from, nor someone level with them', () => {
    const places = [origin, at('level', 0, 50)];
    expect(nearestInDirection(origin, places, 'right')).toBeNull();
    expect(nearestInDirection(origin, places, 'down')).toBe('level');
  });

  it('breaks ties by id, whatever order people come in', () => {
    const places = [at('b', 100, 20), at('a', 100, -20)];
    expect(nearestInDirection(origin, places, 'right')).toBe('a');
    expect(nearestInDirection(origin, [...places].reverse(), 'right')).toBe('a');
  });
});

describe('the person nearest the middle of the view', () => {
  it('is the closest one, by id on a tie, and no one on an empty map', () => {
    expect(nearestTo({ x: 0, y: 0 }, [at('far', 90, 90), at('close', -10, 5)])).toBe('close');
    expect(nearestTo({ x: 0, y: 0 }, [at('b', 10, 0), at('a', -10, 0)])).toBe('a');
    expect(nearestTo({ x: 0, y: 0 }, [])).toBeNull();
  });
});
