/**
 * The colours an avatar can have. A colour computed from the id (any hue,
 * one lightness) read well for some hues and failed AA for others, so faces
 * now take one of these pairs, each checked (avatar-palette.test.ts) to give
 * its initials at least 4.5:1 in both themes.
 */

export interface AvatarColours {
  background: string;
  text: string;
}

export interface AvatarSwatch {
  light: AvatarColours;
  dark: AvatarColours;
}

export const AVATAR_PALETTE: readonly AvatarSwatch[] = [
  { light: { background: '#eecdcd', text: '#631d1d' }, dark: { background: '#5b2f2f', text: '#efc8c8' } }, // red
  { light: { background: '#eeddcd', text: '#633d1d' }, dark: { background: '#5b432f', text: '#efdac8' } }, // orange
  { light: { background: '#eee6cd', text: '#63511d' }, dark: { background: '#5b502f', text: '#efe5c8' } }, // ochre
  { light: { background: '#dbeecd', text: '#3a631d' }, dark: { background: '#415b2f', text: '#d8efc8' } }, // green
  { light: { background: '#cdeedb', text: '#1d633a' }, dark: { background: '#2f5b41', text: '#c8efd8' } }, // jade
  { light: { background: '#cdeeec', text: '#1d635d' }, dark: { background: '#2f5b57', text: '#c8efec' } }, // teal
  { light: { background: '#cde3ee', text: '#1d4b63' }, dark: { background: '#2f4c5b', text: '#c8e2ef' } }, // sky
  { light: { background: '#cdd7ee', text: '#1d3263' }, dark: { background: '#2f3c5b', text: '#c8d3ef' } }, // blue
  { light: { background: '#d6cdee', text: '#2e1d63' }, dark: { background: '#3a2f5b', text: '#d1c8ef' } }, // violet
  { light: { background: '#e9cdee', text: '#571d63' }, dark: { background: '#542f5b', text: '#e8c8ef' } }, // purple
  { light: { background: '#eecde1', text: '#631d46' }, dark: { background: '#5b2f49', text: '#efc8df' } }, // rose
];

/** The same person always gets the same swatch: a hash of the id picks it. */
export function avatarSwatch(id: string): AvatarSwatch {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return AVATAR_PALETTE[hash % AVATAR_PALETTE.length]!;
}
