/**
 * A plain y-websocket setup in this process, for baselines: the reference
 * server (@y/websocket-server's `setupWSConnection`, no persistence) on
 * 127.0.0.1, and a minimal Node client that speaks what y-websocket's
 * WebsocketProvider speaks for a document (the y-protocols sync messages;
 * no awareness, as Kith's peer links carry none).
 *
 *   client Y.Doc ── ws ──► server's WSSharedDoc (one per room) ── ws ──► client Y.Doc
 *
 * Client: on open it sends step1; it answers the server's step1 with step2,
 * applies step2 and updates with itself as origin, and sends every other
 * update of its doc. The server does the same per connection and relays
 * every update to every connection of the room (the sender included, as
 * the reference server does).
 */
import http from 'node:http';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket, WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';

const MESSAGE_SYNC = 0;

/** Starts the server on 127.0.0.1 (a free port). `room(name)` is the server's doc for a room, once a client made it. */
export async function startYWebsocketServer() {
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('okay');
  });
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `ws://127.0.0.1:${port}`,
    room: (name) => docs.get(name) ?? null,
    /** Forgets a room's doc (the reference server keeps rooms without persistence forever). */
    dropRoom(name) {
      const doc = docs.get(name);
      docs.delete(name);
      doc?.destroy();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(() => resolve()));
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects `doc` to `url/room`; resolves once the socket is open (sync then runs on its own). */
export function connectYWebsocket(url, room, doc) {
  const ws = new WebSocket(`${url}/${room}`);
  ws.binaryType = 'arraybuffer';
  const client = {
    ws,
    doc,
    /** performance.now() of the last message received (the server echoes a client's own updates back). */
    lastMessageAt: performance.now(),
    close() {
      doc.off('update', onUpdate);
      ws.close();
    },
  };
  const send = (message) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(message);
  };
  const onUpdate = (update, origin) => {
    if (origin === client) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  };
  ws.on('message', (data) => {
    client.lastMessageAt = performance.now();
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.readSyncMessage(decoder, encoder, doc, client);
    if (encoding.length(encoder) > 1) send(encoding.toUint8Array(encoder));
  });
  doc.on('update', onUpdate);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => undefined);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      send(encoding.toUint8Array(encoder));
      resolve(client);
    });
  });
}
