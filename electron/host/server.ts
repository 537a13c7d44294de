/**
 * Browser mode's transport: serves the built renderer on 127.0.0.1 and
 * carries the host contract over a WebSocket at /kith (frames: shared/host/wire.ts).
 *
 * What stands in for Electron's sender-frame check: only a page served by
 * this server may talk to it. HTTP requests and the WebSocket upgrade must
 * name this server in `Host` (no DNS rebinding), and the upgrade must come
 * from this server's own origin (no other web page in the same browser).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../../shared/host/bridge';
import { MAX_FRAME_CHARS, decodeCallFrame, encodeFrame, type ServerFrame } from '../../shared/host/wire';
import type { SessionHost } from './starting-host';
import { CONTENT_SECURITY_POLICY } from '../../shared/host/csp';
import { readStaticFile } from './static-files';

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface BrowserServerOptions<S> {
  /** The host (host.ts), or one still reading its log (starting-host.ts). */
  host: SessionHost<S>;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export async function startBrowserServer<S>(options: BrowserServerOptions<S>): Promise<BrowserServer> {
  const { host, staticDir } = options;
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const isOwnHost = (request: IncomingMessage) => allowedHosts().has(request.headers.host ?? '');
  const isOwnOrigin = (origin: string | undefined) =>
    origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  const server = createServer((request, response) => {
    void serveFile(request, response);
  });

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request)) return void response.writeHead(421).end('Misdirected request');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    const file = await readStaticFile(staticDir, new URL(request.url ?? '/', 'http://x').pathname);
    if (!file) return void response.writeHead(404, SECURITY_HEADERS).end('Not found');
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const sockets = new WebSocketServer({
    server,
    path: '/kith',
    maxPayload: MAX_FRAME_CHARS,
    verifyClient: ({ req, origin }: { req: IncomingMessage; origin: string }) =>
      isOwnHost(req) && isOwnOrigin(origin),
  });

  sockets.on('connection', (socket: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (socket.readyState === socket.OPEN) socket.send(encodeFrame(frame));
    };
    const session = host.openSession((name, payload) => send({ t: 'event', name, payload }));
    socket.on('message', (data, isBinary) => {
      let frame;
      try {
        if (isBinary) throw new Error('binary frame');
        frame = decodeCallFrame(data.toString());
      } catch {
        // Not our protocol: refuse the whole connection rather than guess.
        socket.close(1007, 'Malformed frame');
        return;
      }
      dispatch(host.handlers, session, frame.method, frame.args).then(
        (value) => send({ t: 'result', id: frame.id, ok: true, value }),
        (error: Error) =>
          send({ t: 'result', id: frame.id, ok: false, error: { name: error.name, message: error.message } }),
      );
    });
    socket.on('close', () => host.closeSession(session));
    socket.on('error', () => socket.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
