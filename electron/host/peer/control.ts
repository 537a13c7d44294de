/**
 * How `kith-peer status` and `kith-peer join` reach a peer that is running:
 * a unix socket in its data folder (`peer.sock`, owner-only; a named pipe on
 * Windows), one JSON request a line, one JSON answer a line.
 *
 *   client ── {"command":"status"} ─────────────► peer ── { ok, lines }
 *   client ── {"command":"join","code":"…"} ────► peer ── { ok, lines }
 *
 * Why a socket and not a state file the peer keeps writing: the answer is
 * the peer's state now (online is a fact of this instant, not of the last
 * write), a join must run inside the process that holds the document and
 * the network, and nothing is written to disk while nobody asks. The data
 * folder is owner-only and so is the socket: only the peer's user can ask.
 *
 * A request is at most 4 KiB and must match the schema; anything else gets
 * an answer saying so and changes nothing.
 */
import { createHash } from 'node:crypto';
import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

export const SOCKET_FILE = 'peer.sock';
const MAX_REQUEST_BYTES = 4096;

const request = z.discriminatedUnion('command', [
  z.object({ command: z.literal('status') }),
  z.object({ command: z.literal('join'), code: z.string().min(1).max(400) }),
]);
export type ControlRequest = z.infer<typeof request>;

const answer = z.object({ ok: z.boolean(), lines: z.array(z.string()) });
export type ControlAnswer = z.infer<typeof answer>;

/** Where the peer of `dataDir` listens. */
export function controlPath(dataDir: string, platform = process.platform): string {
  if (platform === 'win32') {
    return `\\\\.\\pipe\\kith-peer-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  }
  return join(dataDir, SOCKET_FILE);
}

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens for requests; the data folder must already be this process's (host.lock), so a socket file found there is stale. */
export async function startControlServer(dataDir: string, handle: (request: ControlRequest) => Promise<ControlAnswer>): Promise<ControlServer> {
  const path = controlPath(dataDir);
  if (process.platform !== 'win32') await rm(path, { force: true });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    let answered = false;
    const reply = (result: ControlAnswer) => {
      if (answered) return;
      answered = true;
      socket.end(`${JSON.stringify(result)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (answered) return;
      buffered += chunk;
      if (Buffer.byteLength(buffered) > MAX_REQUEST_BYTES) return reply({ ok: false, lines: ['That request is too long.'] });
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      let parsed: ControlRequest;
      try {
        parsed = request.parse(JSON.parse(buffered.slice(0, end)));
      } catch {
        return reply({ ok: false, lines: ['That request is not one kith-peer understands: use kith-peer status or kith-peer join CODE.'] });
      }
      handle(parsed).then(reply, (error: unknown) => reply({ ok: false, lines: [`The peer could not do that: ${(error as Error).message}`] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') await chmod(path, 0o600);
  return {
    path,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') await rm(path, { force: true });
    },
  };
}

export class NoPeerRunningError extends Error {
  override readonly name = 'NoPeerRunningError';
}

/** Asks the peer of `dataDir`; throws NoPeerRunningError when none is listening there. */
export async function askPeer(dataDir: string, message: ControlRequest): Promise<ControlAnswer> {
  const path = controlPath(dataDir);
  return new Promise<ControlAnswer>((resolve, reject) => {
    const socket = net.connect(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(message)}\n`));
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(new NoPeerRunningError(`No Kith peer is running with the data folder ${dataDir}.`));
      } else {
        reject(new Error(`Could not ask the peer at ${path}: ${error.message}`));
      }
    });
    socket.on('end', () => {
      try {
        resolve(answer.parse(JSON.parse(text)));
      } catch {
        reject(new Error(`The peer at ${path} gave an answer kith-peer cannot read; is it the same version?`));
      }
    });
  });
}
