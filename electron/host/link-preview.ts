/**
 * A link's title and description, read from its page for Pass it on (the
 * contract's `linkPreview`; off with Settings ▸ links.previews).
 *
 * One GET, as a browser's first request would be but with no cookies or
 * credentials: http and https only (every redirect is checked again, at most
 * three), within five seconds overall, and at most 512 KB of the page read —
 * reading stops at the end of its <head>, where the title lives. Only HTML is
 * read (htmlparser2, entities decoded); the answer is the Open Graph title
 * and description, else <title> and the description meta tag.
 *
 * Private and loopback addresses are not refused: the link is one the user
 * pasted and could open themself, an intranet page is a fair thing to pass
 * on, and all that comes back is two lines of text shown to that user.
 */
import { Parser } from 'htmlparser2';
import type { LinkPreview } from '../../shared/host/contract';

export interface PreviewLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const PREVIEW_LIMITS: PreviewLimits = { timeoutMs: 5000, maxBytes: 512 * 1024, maxRedirects: 3 };

const MAX_TITLE = 300;
const MAX_DESCRIPTION = 500;
const TYPE_IT = 'Type a title instead.';

class PreviewProblem extends Error {}

const tidy = (text: string, max: number) => {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
};

/** Follows at most `maxRedirects` redirects by hand, so each hop's scheme is checked. */
async function fetchPage(url: string, limits: PreviewLimits, signal: AbortSignal): Promise<Response> {
  let current = new URL(url);
  for (let hops = 0; ; hops++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new PreviewProblem(`The link leads away from the web (${current.protocol}). ${TYPE_IT}`);
    const response = await fetch(current, {
      redirect: 'manual',
      signal,
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9', 'user-agent': 'Kith link preview' },
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    if (hops >= limits.maxRedirects) throw new PreviewProblem(`The page redirects too many times. ${TYPE_IT}`);
    current = new URL(location, current);
  }
}

function charsetOf(contentType: string): string {
  const label = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return 'utf-8';
  }
}

/** Reads the page's head, at most `maxBytes`, and picks its title and description. */
async function readHead(response: Response, maxBytes: number): Promise<{ title: string; description: string }> {
  const found = { title: '', ogTitle: '', description: '', ogDescription: '' };
  let inTitle = false;
  let headDone = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true;
        else if (name === 'body') headDone = true;
        else if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').toLowerCase();
          const content = attributes.content ?? '';
          if (key === 'og:title' || (key === 'twitter:title' && !found.ogTitle)) found.ogTitle = content;
          else if (key === 'og:description' || (key === 'twitter:description' && !found.ogDescription)) found.ogDescription = content;
          else if (key === 'description') found.description = content;
        }
      },
      ontext(text) {
        if (inTitle) found.title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        else if (name === 'head') headDone = true;
      },
    },
    { decodeEntities: true },
  );
  const decoder = new TextDecoder(charsetOf(response.headers.get('content-type') ?? ''));
  const reader = response.body!.getReader();
  let read = 0;
  try {
    while (!headDone && read < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.subarray(0, maxBytes - read);
      read += chunk.byteLength;
      parser.write(decoder.decode(chunk, { stream: true }));
    }
    parser.end();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return {
    title: tidy(found.ogTitle || found.title, MAX_TITLE),
    description: tidy(found.ogDescription || found.description, MAX_DESCRIPTION),
  };
}

/** What the page at `url` says it is, or why Kith could not tell (a sentence for the person). */
export async function readLinkPreview(url: string, limits: PreviewLimits = PREVIEW_LIMITS): Promise<LinkPreview> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetchPage(url, limits, signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw new PreviewProblem(`The page answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. ${TYPE_IT}`);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(type) || !response.body) {
      await response.body?.cancel();
      throw new PreviewProblem(`That link is not a web page${type ? ` (${type.split(';')[0]!.trim()})` : ''}. ${TYPE_IT}`);
    }
    const { title, description } = await readHead(response, limits.maxBytes);
    if (!title && !description) throw new PreviewProblem(`The page gives no title. ${TYPE_IT}`);
    return { ok: true, title, description };
  } catch (error) {
    if (error instanceof PreviewProblem) return { ok: false, reason: 'failed', message: error.message };
    if (signal.aborted) return { ok: false, reason: 'failed', message: `The page took too long to answer. ${TYPE_IT}` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: 'failed', message: `Kith could not reach the page${cause ? ` (${cause})` : ''}. ${TYPE_IT}` };
  }
}
