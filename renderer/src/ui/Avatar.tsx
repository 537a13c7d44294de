import type { CSSProperties } from 'react';
import { avatarSwatch } from './avatar-palette';
import { graphemes } from './names';

/**
 * The first character of the first and last words, whole: an emoji (even one
 * of several code points) or a letter with its accent, never half of one.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const firstOf = (word: string | undefined) => (word ? (graphemes(word)[0] ?? '') : '');
  const first = firstOf(words[0]) || '?';
  const last = words.length > 1 ? firstOf(words[words.length - 1]) : '';
  return (first + last).toUpperCase();
}

/** Initials on a colour picked by the person's id, so a face is recognisable at a glance; styles.css picks the theme's pair. */
export function Avatar({ id, name, size = 32 }: { id: string; name: string; size?: number }) {
  const { light, dark } = avatarSwatch(id);
  const colours = {
    '--avatar-bg-light': light.background,
    '--avatar-fg-light': light.text,
    '--avatar-bg-dark': dark.background,
    '--avatar-fg-dark': dark.text,
  };
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.38, ...colours } as CSSProperties}>
      {initials(name)}
    </span>
  );
}
