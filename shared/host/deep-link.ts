/**
 * Deep links into Kith: `kith://person/<id>` and `kith://note/<id>`, where
 * <id> is the record's id without its prefix (`person:k3v9x0q2m7c1a8zt` is
 * `kith://person/k3v9x0q2m7c1a8zt`). The operating system hands them to
 * Kith (electron/main/deep-links.ts); desktop notifications and the
 * calendar export (shared/interop/ics-write.ts) carry them.
 *
 * A link comes from outside — another program, a web page, a calendar — so
 * it is read strictly: exactly that shape, letters and digits only, no
 * query, fragment, user or port. Anything else is refused (null) and opens
 * nothing. (The same scheme serves the window itself at `kith://app`;
 * that is no deep link.)
 */
import type { DeepLink } from './contract';

export type { DeepLink };
export const DEEP_LINK_SCHEME = 'kith';

const MAX_LINK_LENGTH = 200;
const LINK = /^kith:\/\/(person|note)\/([0-9a-z]{1,64})\/?$/;

/** The link that opens `id` (`person:…` or `note:…`), or null when the id cannot be one. */
export function deepLinkTo(id: string): string | null {
  const match = /^(person|note):([0-9a-z]{1,64})$/.exec(id);
  return match ? `${DEEP_LINK_SCHEME}://${match[1]}/${match[2]}` : null;
}

/** What a link opens, or null when it is not a well-formed Kith deep link. */
export function parseDeepLink(text: unknown): DeepLink | null {
  if (typeof text !== 'string' || text.length > MAX_LINK_LENGTH) return null;
  const match = LINK.exec(text);
  if (!match) return null;
  const kind = match[1] as DeepLink['kind'];
  return { kind, id: `${kind}:${match[2]}` };
}

/** The first thing in a command line that looks like a Kith link (the OS passes it as an argument), as given. */
export function deepLinkArgument(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}
