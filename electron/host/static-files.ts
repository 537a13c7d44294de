/**
 * Reading the built renderer for a request path, shared by Electron's
 * `kith://app` protocol handler and the browser-mode HTTP server, so both
 * refuse the same escapes from the renderer folder.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Vite's hashed assets never change under one name. */
  immutable: boolean;
}

/** The file a URL path (still percent-encoded) names inside `root`, or null if it would leave `root`. */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let path: string;
  try {
    // Decoded here, so `..%2f` is seen as the `../` it becomes on disk.
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(join(base, path === '/' || path === '' ? 'index.html' : path));
  return file.startsWith(base + sep) ? file : null;
}

/** Reads the file a URL path names inside `root`; null when there is none (or it is outside). */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  const file = resolveStaticFile(root, urlPath);
  if (!file) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    return {
      body: await readFile(file),
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      immutable: file.startsWith(join(resolve(root), 'assets') + sep),
    };
  } catch {
    return null;
  }
}
