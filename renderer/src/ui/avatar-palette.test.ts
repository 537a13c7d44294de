import { describe, expect, it } from 'vitest';
import { AVATAR_PALETTE, avatarSwatch } from './avatar-palette';
import { contrastRatio } from './contrast';

describe('avatar palette', () => {
  it('gives every swatch’s initials at least 4.5:1 in the light and the dark theme', () => {
    for (const swatch of AVATAR_PALETTE) {
      expect(contrastRatio(swatch.light.background, swatch.light.text)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(swatch.dark.background, swatch.dark.text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('picks only from the palette, the same swatch for the same id, and spreads ids over it', () => {
    const used = new Set<number>();
    for (let n = 0; n < 500; n++) {
      const swatch = avatarSwatch(`person:${n.toString(36)}x${(n * 7919).toString(36)}`);
      const index = AVATAR_PALETTE.indexOf(swatch);
      expect(index).toBeGreaterThanOrEqual(0);
      used.add(index);
    }
    expect(used.size).toBe(AVATAR_PALETTE.length);
    expect(avatarSwatch('person:abc')).toBe(avatarSwatch('person:abc'));
  });
});

describe('contrast ratio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // The grey WebAIM's checker gives as 4.54:1 on white, the lightest grey that passes AA there.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(() => contrastRatio('red', '#ffffff')).toThrow(/#rrggbb/);
  });
});
