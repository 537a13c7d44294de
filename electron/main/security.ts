/**
 * Every restriction on web content, in one place.
 *
 * Kith is a single page served from its own scheme (`kith://app`), never from
 * file:// (which would grant the page every local file) or from the network.
 * The page may not navigate, open windows, embed <webview>s or use device
 * permissions; whatever it needs from the machine goes through the host
 * contract, whose IPC handlers check the sender (ipc.ts).
 */
import { app, protocol, shell, type Session, type WebContents } from 'electron';
import { resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/host/csp';
import { isExternalUrl } from '../../shared/host/contract';
import { readStaticFile } from '../host/static-files';

const APP_SCHEME = 'kith';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL (or origin) belongs to the app. Compared by parts because
 * WHATWG URL gives `origin === 'null'` for schemes it does not know.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}

/**
 * Must run before 'ready'. `standard` gives the scheme real origins (so
 * IndexedDB and relative URLs work), `secure` lets it use APIs reserved for
 * secure contexts, `supportFetchAPI` lets the page fetch its own assets.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Must run before 'ready': sandboxes every renderer and restricts every web contents as it is created. */
export function restrictApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => restrictContents(contents));
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

const notFound = () => new Response('Not found', { status: 404, headers: SECURITY_HEADERS });

/** Serves the built renderer (`rendererDir`, i.e. dist/renderer) at `kith://app/`. */
export function serveRenderer(session: Session, rendererDir: string): void {
  const root = resolve(rendererDir);
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405, headers: SECURITY_HEADERS });
    if (!isAppUrl(request.url)) return notFound();
    const file = await readStaticFile(root, new URL(request.url).pathname);
    if (!file) return notFound();
    return new Response(new Uint8Array(file.body), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol: scheme } = new URL(url);
    return scheme === 'https:' || scheme === 'http:';
  } catch {
    return false;
  }
}

/**
 * Opens a web page or a new email (the host contract's `openExternal`) with
 * the system. Checked again here, where the shell is: only http, https and
 * mailto ever reach it.
 */
export async function openExternalUrl(url: string): Promise<void> {
  if (!isExternalUrl(url)) throw new Error('Kith opens only web pages (https://, http://) and email addresses (mailto:)');
  await shell.openExternal(url);
}

/** No navigation, no new windows, no <webview>: the page stays the one Kith loaded. */
export function restrictContents(contents: WebContents): void {
  // Not fired for loadURL or reload, which only main starts.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link to a web page (a contact's profile, say) opens in the user's
    // browser. Other schemes (file:, smb:, custom handlers) could run things.
    if (isWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Every permission is refused: camera, microphone, location, devices, and
 * notifications too — main shows reminders as desktop notifications itself
 * (notifications.ts), so the page needs no Notification API of its own.
 */
export function restrictSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
