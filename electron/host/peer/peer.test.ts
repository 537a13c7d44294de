/**
 * The always-on peer between two devices that are never on together, over
 * the LAN transport on 127.0.0.1 (no mDNS, no internet: Hyperswarm would need
 * the public DHT). A and B are desktop hosts; P is the headless peer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { isPairedKey, isRevokedKey } from '../../../shared/doc/devices';
import type { Host } from '../host';
import { syncHosts, until } from '../p2p/test-hosts';
import { syncWire } from '../p2p/sync-wire';
import { askPeer, controlPath, NoPeerRunningError } from './control';
import { startPeer, type Peer } from './peer';

const hosts = syncHosts('peer');
const peers: Peer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.stop().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function peerDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-peer-p-'));
  dirs.push(dir);
  return dir;
}

/** P, on 127.0.0.1 with internet sync off; `lines` collects what it prints. */
async function runPeer(dataDir: string, lines: string[] = [], readLogAfter?: Promise<unknown>): Promise<Peer> {
  const peer = await startPeer({
    dataDir,
    version: 'test',
    name: 'Home server',
    print: (line) => lines.push(line),
    p2p: { wire: syncWire, lanHost: '127.0.0.1', mdns: false },
    readLogAfter,
  });
  peers.push(peer);
  await peer.host.settings.update({ sync: { internet: false } });
  return peer;
}

async function stopPeer(peer: Peer): Promise<void> {
  peers.splice(peers.indexOf(peer), 1);
  await peer.stop();
}

const names = (host: Host) => listPeople(host.doc).map((person) => person.name).sort();
const keyOf = (host: Host) => host.p2p!.self.publicKeyHex;
const online = (host: Host, key: string) => host.p2p!.devices().devices.some((device) => device.publicKey === key && device.online);
const lanAddress = (host: Host) => `127.0.0.1:${host.p2p!.lanPort()}`;

/** A desktop host that reports what device sync says (refusals among it). */
function startDesktop(reports: string[], dataDir?: string) {
  return hosts.start({ dataDir, p2p: { report: (line) => reports.push(line) } });
}

describe('the always-on peer', () => {
  it('carries an edit from A to B when they are never on together, keeps everything over a restart, and is refused once removed', async () => {
    const pDir = await peerDir();
    const pLines: string[] = [];
    let p = await runPeer(pDir, pLines);
    const pKey = keyOf(p.host);

    // A invites; P joins through its control socket, as `kith-peer join CODE` does.
    const aReports: string[] = [];
    let a = await startDesktop(aReports);
    const aDir = a.info.dataDir;
    createPerson(a.doc, { name: 'Ada' }, 'test');
    const invitation = await a.handlers.createInvitation({} as never);
    const joined = await askPeer(pDir, { command: 'join', code: invitation.code });
    expect(joined.ok).toBe(true);
    expect(joined.lines.join('\n')).toMatch(/Joined network/);
    await until('Ada on P', () => names(p.host).includes('Ada'));
    // P is listed in A's Devices under its name, as a device like any other.
    expect(a.p2p!.devices().devices.find((device) => device.publicKey === pKey)).toMatchObject({ name: 'Home server', revokedAt: null });
    await until('P prints that A came online', () => pLines.some((line) => /online \(local network\)/.test(line)));
    // Renamed from A's Devices, like any device: P takes the name.
    a.handlers.renameDevice({} as never, pKey, 'Shelf box');
    await until('P renamed', async () => (await p.status()).some((line) => line.startsWith('This peer: Shelf box')));
    await hosts.close(a);

    // B, while A is off, pairs with P and gets A's edit from it.
    const bReports: string[] = [];
    let b = await startDesktop(bReports);
    const bDir = b.info.dataDir;
    const forB = await p.host.handlers.createInvitation({} as never);
    expect(await b.handlers.joinWithInvitation({} as never, forB.code)).toMatchObject({ ok: true });
    await until('Ada on B', () => names(b).includes('Ada'));
    const bKey = keyOf(b);
    await hosts.close(b);

    // A comes back (B is off), learns of B through P, and makes an edit.
    a = await startDesktop(aReports, aDir);
    expect(await a.handlers.connectAddress({} as never, lanAddress(p.host))).toMatchObject({ ok: true });
    await until('A knows B through P', () => isPairedKey(a.doc, bKey));
    createPerson(a.doc, { name: 'Grace' }, 'test');
    await until('Grace on P', () => names(p.host).includes('Grace'));
    await hosts.close(a);

    // P restarts: everything it held is still there before any device connects.
    await stopPeer(p);
    expect((await stat(join(pDir, 'document.ylog'))).size).toBeGreaterThan(0);
    p = await runPeer(pDir, pLines);
    expect(keyOf(p.host)).toBe(pKey);
    expect(names(p.host)).toEqual(['Ada', 'Grace']);
    expect(isPairedKey(p.host.doc, bKey)).toBe(true);
    const status = (await askPeer(pDir, { command: 'status' })).lines.join('\n');
    expect(status).toMatch(/2 people/);
    expect(status).toMatch(/Paired devices: 2, 0 online/);

    // B comes back after A has gone, and gets A's edit through P.
    b = await startDesktop(bReports, bDir);
    expect(await b.handlers.connectAddress({} as never, lanAddress(p.host))).toMatchObject({ ok: true });
    await until("A's edit on B", () => names(b).includes('Grace'));
    expect(names(b)).toEqual(['Ada', 'Grace']);
    const withB = (await p.status()).join('\n');
    expect(withB).toMatch(/Paired devices: 2, 1 online/);

    // B removes P. B refuses it at once; A, once it hears of the removal (from B), refuses it too.
    b.handlers.revokeDevice({} as never, pKey);
    await until('P sees B gone', () => !online(p.host, bKey));
    await p.host.handlers.connectAddress({} as never, lanAddress(b));
    await until('B refuses P', () => bReports.some((line) => line.includes(`refused device ${pKey.slice(0, 8)}`)));

    a = await startDesktop(aReports, aDir);
    expect(await a.handlers.connectAddress({} as never, lanAddress(b))).toMatchObject({ ok: true });
    await until('A hears P was removed', () => isRevokedKey(a.doc, pKey));
    createPerson(p.host.doc, { name: 'Written on P after its removal' }, 'test');
    await p.host.handlers.connectAddress({} as never, lanAddress(a));
    await until('A refuses P', () => aReports.some((line) => line.includes(`refused device ${pKey.slice(0, 8)}`)));
    expect(names(a)).toEqual(['Ada', 'Grace']);
    expect(names(b)).toEqual(['Ada', 'Grace']);
    expect(online(a, pKey) || online(b, pKey)).toBe(false);
  }, 60_000);

  it('answers status and join over an owner-only socket, refuses a malformed request, and frees the folder on stop', async () => {
    const dir = await peerDir();
    const peer = await runPeer(dir);
    const path = controlPath(dir);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const status = await askPeer(dir, { command: 'status' });
    expect(status.ok).toBe(true);
    expect(status.lines.join('\n')).toMatch(/Paired devices: none yet/);

    const bad = await askPeer(dir, { command: 'join', code: 'NOT-A-CODE' });
    expect(bad.ok).toBe(false);
    expect(bad.lines[0]).toMatch(/^Could not join: /);

    // Bytes that are not a request get an answer and change nothing.
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(path);
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.write('{"command":"revoke","publicKey":"x"}\n');
    });
    expect(JSON.parse(raw)).toMatchObject({ ok: false, lines: [expect.stringMatching(/not one kith-peer understands/)] });
    expect(peer.host.p2p!.devices().devices).toHaveLength(1);

    await stopPeer(peer);
    await expect(askPeer(dir, { command: 'status' })).rejects.toBeInstanceOf(NoPeerRunningError);
    await expect(stat(join(dir, 'host.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('answers on its socket while it reads its log, and starts device sync only once the log is in', async () => {
    const dir = await peerDir();
    // A first run leaves Ada in the peer's log.
    const first = await runPeer(dir);
    createPerson(first.host.doc, { name: 'Ada Lovelace' }, 'test');
    await first.host.flushed();
    await stopPeer(first);

    let readLog!: () => void;
    const lines: string[] = [];
    const starting = runPeer(dir, lines, new Promise<void>((resolve) => (readLog = resolve)));
    let startedPeer: Peer | null = null;
    void starting.then((peer) => (startedPeer = peer));
    // The socket opens before the log is read; until then there is no peer to ask.
    let reading: Awaited<ReturnType<typeof askPeer>> | null = null;
    await until('the starting peer’s socket', async () => (reading = await askPeer(dir, { command: 'status' }).catch(() => null)) !== null);
    expect(reading!.ok).toBe(true);
    expect(reading!.lines.join('\n')).toMatch(/Document: .* on disk, being read — device sync starts once it is/);
    expect(startedPeer).toBeNull();
    // No device sync yet: nothing printed about this peer's network or devices.
    expect(lines).toEqual([]);
    // A join asked now waits for the host, and is then answered by its device sync.
    const join = askPeer(dir, { command: 'join', code: 'NOT-A-CODE' });

    readLog();
    const peer = await starting;
    expect(names(peer.host)).toEqual(['Ada Lovelace']);
    expect(peer.host.p2p!.lanPort()).toBeGreaterThan(0);
    const joined = await join;
    expect(joined.ok).toBe(false);
    expect(joined.lines[0]).toMatch(/^Could not join: /);
    const status = await askPeer(dir, { command: 'status' });
    expect(status.lines.join('\n')).toMatch(/Document: .* on disk, 1 people, 0 notes/);
  });
});
