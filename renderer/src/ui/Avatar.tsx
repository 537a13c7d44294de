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

function hue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % 360;
}

/** Initials on a colour picked from the person's id, so a face is recognisable at a glance. */
export function Avatar({ id, name, size = 32 }: { id: string; name: string; size?: number }) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.38, '--avatar-hue': hue(id) } as React.CSSProperties}
    >
      {initials(name)}
    </span>
  );
}
