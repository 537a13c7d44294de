import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { get } from 'node:http';
import { startHost, type Host } from './host';
import { startBrowserServer, type BrowserServer } from './server';
import { decodeServerFrame, encodeFrame, type ServerFrame } from '../../shared/host/wire';
import { encodeStep1 } from '../../shared/sync/doc-sync';
import { createPerson } from '../../shared/doc/people';
import { createRequest } from '../../shared/doc/requests';
import { LOCAL_UI } from '../../shared/doc/origins';
import { defaultSettings } from '../../shared/host/contract';

let dir: string;
let host: Host;
let server: BrowserServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kith-server-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Kith</title>');
  await writeFile(join(dir, 'secret.txt'), 'not for the web');
  host = await startHost({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test' });
  server = await startBrowserServer({ host, staticDir });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function open(origin = server.url.slice(0, -1)): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}kith`, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(socket: WebSocket, id: number, method: string, args: unknown[]): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = decodeServerFrame(data.toString());
      if (frame.t === 'result' && frame.id === id) {
        socket.off('message', onMessage);
        resolve(frame);
      }
    };
    socket.on('message', onMessage);
    socket.send(encodeFrame({ t: 'call', id, method, args }));
  });
}

/** The next event frame of this name on the socket. */
function nextEvent(socket: WebSocket, name: string): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = decodeServerFrame(data.toString());
      if (frame.t === 'event' && frame.name === name) {
        socket.off('message', onMessage);
        resolve(frame.payload);
      }
    };
    socket.on('message', onMessage);
  });
}

describe('browser-mode server', () => {
  it('serves the renderer with a CSP and nothing outside it', async () => {
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/missing.js']) {
      expect((await fetch(`${server.url.slice(0, -1)}${path}`)).status).toBe(404);
    }
  });

  it('answers contract calls from its own page', async () => {
    const socket = await open();
    const info = await call(socket, 1, 'appInfo', []);
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', docName: host.info.docName } });
    const synced = await call(socket, 2, 'docSend', [encodeStep1(new Y.Doc())]);
    expect(synced).toMatchObject({ ok: true, value: { durable: true } });
    socket.close();
  });

  it('relays a settings change to every window, and refuses a bad one', async () => {
    const [one, two] = await Promise.all([open(), open()]);
    const heard = Promise.all([nextEvent(one, 'settingsChanged'), nextEvent(two, 'settingsChanged')]);
    const changed = await call(one, 1, 'setSettings', [{ reminders: { hellos: false } }]);
    const expected = { ...defaultSettings(), reminders: { commitments: true, requests: true, hellos: false } };
    expect(changed).toMatchObject({ ok: true, value: expected });
    expect(await heard).toEqual([expected, expected]);
    expect(await call(two, 1, 'getSettings', [])).toMatchObject({ ok: true, value: expected });

    const refused = await call(two, 2, 'setSettings', [{ reminders: { hellos: 'never' } }]);
    expect(refused).toMatchObject({ ok: false, error: { name: 'ContractError', message: expect.stringMatching(/hello-queue reminder/) } });
    expect(await call(one, 2, 'getSettings', [])).toMatchObject({ ok: true, value: expected });
    one.close();
    two.close();
  });

  it('sends a reminder that has come due to the window', async () => {
    const socket = await open();
    const ada = createPerson(host.doc, { name: 'Ada' }, LOCAL_UI);
    const receivedAt = new Date(Date.now() - 29.5 * 3600 * 1000).toISOString();
    const request = createRequest(host.doc, { contactId: ada, channel: 'email', summary: 'Intro', receivedAt }, LOCAL_UI);
    const heard = nextEvent(socket, 'reminder');
    await host.reminders.check();
    expect(await heard).toEqual({
      key: `${request}:amber`,
      kind: 'request',
      title: 'Ada is waiting for an answer',
      body: 'Intro — 6 hours left to answer within 36 hours',
      personIds: [ada],
    });
    socket.close();
  });

  it('refuses a socket from another origin or another host name', async () => {
    await expect(open('https://evil.example')).rejects.toThrow(/401|403/);
    await expect(open('null')).rejects.toThrow(/401|403/);
    const status = await new Promise<number>((resolve, reject) => {
      const request = get(server.url, { headers: { Host: 'attacker.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('answers malformed arguments with an error and changes nothing', async () => {
    const before = Y.encodeStateAsUpdate(host.doc);
    const socket = await open();
    for (const [id, method, args] of [
      [1, 'docSend', ['text']],
      [2, 'docSend', []],
      [3, 'nope', []],
      [4, 'docSend', [new Uint8Array([0, 2, 9, 9])]],
    ] as const) {
      const reply = await call(socket, id, method, [...args]);
      expect(reply).toMatchObject({ ok: false });
    }
    expect(Y.encodeStateAsUpdate(host.doc)).toEqual(before);
    socket.close();
  });

  it('closes the connection on a frame that is not the protocol', async () => {
    const socket = await open();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('this is not json');
    expect(await closed).toBe(1007);
  });
});
