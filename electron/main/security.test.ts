import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/host/csp';

// The real package cannot load here (no Electron binary); only the parts security.ts uses.
const electron = vi.hoisted(() => ({
  app: { enableSandbox: vi.fn(), on: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  shell: { openExternal: vi.fn(async () => undefined) },
}));
vi.mock('electron', () => electron);

const { APP_URL, isAppUrl, openExternalUrl, registerAppScheme, restrictApp, restrictContents, restrictSession, serveRenderer } =
  await import('./security');

type WindowOpenHandler = (details: { url: string }) => { action: string };

class FakeContents extends EventEmitter {
  openHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.openHandler = handler;
  }
  asContents() {
    return this as unknown as WebContents;
  }
}

const preventable = () => ({ preventDefault: vi.fn() });

beforeEach(() => vi.clearAllMocks());

describe('isAppUrl', () => {
  it('accepts only kith://app', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('kith://app')).toBe(true);
    for (const url of ['kith://evil/index.html', 'kith://app@evil/', 'https://app/', 'file:///index.html', 'nonsense']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('registerAppScheme and restrictApp', () => {
  it('registers kith as a standard, secure, fetchable scheme', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'kith', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('sandboxes every renderer and restricts every web contents created', () => {
    restrictApp();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    const [eventName, listener] = electron.app.on.mock.calls[0] as unknown as [string, (...args: unknown[]) => void];
    expect(eventName).toBe('web-contents-created');
    const contents = new FakeContents();
    listener({}, contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.openHandler).not.toBeNull();
  });
});

describe('restrictContents', () => {
  const contents = new FakeContents();
  restrictContents(contents.asContents());

  it('prevents every navigation', () => {
    for (const url of ['https://evil.example/', 'kith://app/other.html', 'file:///etc/passwd']) {
      const event = preventable();
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('prevents attaching a <webview>', () => {
    const event = preventable();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every new window, opening web links in the browser', () => {
    expect(contents.openHandler?.({ url: 'https://example.com/profile' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/profile');
  });

  it('never hands other schemes to the system', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'kith://app/index.html']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('openExternalUrl', () => {
  it('hands web pages and mail links to the system', async () => {
    await openExternalUrl('https://example.com/profile');
    await openExternalUrl('mailto:ada@example.com');
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://example.com/profile'], ['mailto:ada@example.com']]);
  });

  it('refuses every other scheme before the shell sees it', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://server/share', 'kith://app/index.html', 'not a url']) {
      await expect(openExternalUrl(url), url).rejects.toThrow('Kith opens only web pages');
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('restrictSession', () => {
  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
  type CheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;
  let request: RequestHandler;
  let check: CheckHandler;
  restrictSession({
    setPermissionRequestHandler: (handler: RequestHandler) => (request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (check = handler),
  } as unknown as Session);

  const requested = (permission: string, requestingUrl = APP_URL) => {
    const callback = vi.fn();
    request(null, permission, callback, { requestingUrl, isMainFrame: true });
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0]?.[0] as boolean;
  };

  it('denies every permission request, even the app’s own', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'hid', 'openExternal', 'unknown']) {
      expect(requested(permission), permission).toBe(false);
    }
    // Main shows reminders as desktop notifications; the page needs no Notification API.
    expect(requested('notifications')).toBe(false);
    expect(requested('notifications', 'https://evil.example/')).toBe(false);
  });

  it('answers permission checks the same way', () => {
    for (const permission of ['media', 'geolocation', 'notifications']) {
      expect(check(null, permission, 'kith://app', { isMainFrame: true }), permission).toBe(false);
    }
    expect(check(null, 'notifications', 'https://evil.example', { isMainFrame: true })).toBe(false);
  });
});

describe('serveRenderer', () => {
  let dir: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    // dir/renderer is served; dir/secret.txt and dir/renderer-other/ sit just outside it.
    dir = await mkdtemp(join(tmpdir(), 'kith-serve-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await mkdir(join(dir, 'renderer-other'));
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Kith</title>');
    await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    await writeFile(join(dir, 'renderer-other', 'secret.txt'), 'secret');
    const handle = vi.fn();
    serveRenderer({ protocol: { handle } } as unknown as Session, join(dir, 'renderer'));
    expect(handle).toHaveBeenCalledWith('kith', expect.any(Function));
    handler = handle.mock.calls[0]?.[1];
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

  it('serves the page with its content type, CSP and nosniff', async () => {
    const response = await get(APP_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Kith</title>');
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('serves assets, and index.html for the root', async () => {
    const script = await get('kith://app/assets/app.js');
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('kith://app/')).status).toBe(200);
  });

  it('refuses to leave the renderer folder, however the path is spelled', async () => {
    const attempts = [
      'kith://app/../../etc/passwd',
      'kith://app/../secret.txt',
      'kith://app/%2e%2e/secret.txt',
      'kith://app/..%2fsecret.txt',
      'kith://app/%2e%2e%2fsecret.txt',
      'kith://app/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'kith://app/assets/..%2f..%2fsecret.txt',
      'kith://app/..%2frenderer-other%2fsecret.txt',
      'kith://app/..%5csecret.txt',
      'kith://app/%252e%252e%252fsecret.txt',
      `kith://app/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      'kith://app/index.html%00.png',
      'kith://app/%E0%A4%A',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('secret');
      expect(response.headers.get('Content-Security-Policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for other hosts, folders and missing files', async () => {
    for (const url of ['kith://evil/index.html', 'kith://app/assets', 'kith://app/missing.js']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('serves only GET', async () => {
    expect((await get(APP_URL, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
