/**
 * `kith-peer` as a user runs it: the CLI bundled as the build bundles it,
 * in its own Node process, joined with a code piped on stdin, asked for its
 * status, and stopped with SIGTERM. Internet sync is switched off in its
 * settings.json (Hyperswarm would need the public DHT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { getDevice } from '../../../shared/doc/devices';
import { startHost } from '../host';
import { syncHosts, until } from '../p2p/test-hosts';

const root = resolve(__dirname, '../../..');
// Inside the repository, so the bundle finds the packages it leaves external.
const bundle = join(root, 'dist', `peer-cli-test-${process.pid}.mjs`);
const hosts = syncHosts('peer-cli');
let dataDir = '';

beforeAll(async () => {
  await esbuild.build({
    entryPoints: [join(root, 'electron/host/peer/cli.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    define: { KITH_VERSION: '"test"' },
    logLevel: 'warning',
  });
  dataDir = await mkdtemp(join(tmpdir(), 'kith-peer-cli-'));
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ sync: { internet: false } }));
});
afterAll(async () => {
  await rm(bundle, { force: true });
  await rm(`${bundle}.map`, { force: true });
  await rm(dataDir, { recursive: true, force: true });
});

function run(args: string[], stdin?: string) {
  const child = spawn(process.execPath, [bundle, ...args, '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  if (stdin !== undefined) child.stdin!.end(stdin);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

async function finished(args: string[]): Promise<{ code: number | null; output: string }> {
  const started = run(args);
  const code = await started.exited;
  return { code, output: started.output() };
}

describe('kith-peer', () => {
  let peer: ChildProcess | null = null;
  afterAll(() => {
    peer?.kill('SIGKILL');
  });

  it('joins with a code piped on stdin, answers status, and stops cleanly on SIGTERM', async () => {
    const desktop = await hosts.start();
    createPerson(desktop.doc, { name: 'Ada' }, 'test');
    const invitation = await desktop.handlers.createInvitation({} as never);

    expect(await finished(['status'])).toMatchObject({ code: 3, output: expect.stringMatching(/No Kith peer is running/) });

    const joined = run(['join', '--name', 'Shelf box'], `${invitation.code}\n`);
    peer = joined.child;
    await until('joined', () => /Joined network/.test(joined.output()), 20_000);
    const peerKey = [...desktop.doc.getMap('devices').keys()].find((key) => getDevice(desktop.doc, key)?.name === 'Shelf box');
    expect(peerKey).toBeDefined();

    // Asked again until the peer has synced (a status is a snapshot of now).
    let status = '';
    const deadline = Date.now() + 20_000;
    while (!/1 people/.test(status) && Date.now() < deadline) status = (await finished(['status'])).output;
    expect(status).toMatch(/1 people/);
    expect(status).toMatch(/Paired devices: 1, 1 online/);
    expect(status).toMatch(/This peer: Shelf box/);

    peer.kill('SIGTERM');
    expect(await joined.exited).toBe(0);
    peer = null;
    expect(joined.output()).toMatch(/stopped; every edit is on disk/);
    await expect(stat(join(dataDir, 'host.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    await hosts.close(desktop);

    // What it wrote is the document: a host opened on the folder holds Ada.
    const reopened = await startHost({ dataDir, mode: 'peer', version: 'test' });
    expect(listPeople(reopened.doc).map((person) => person.name)).toEqual(['Ada']);
    await reopened.close();
  }, 60_000);

  it('says how to use it when a command is unknown', async () => {
    const { code, output } = await finished(['frobnicate']);
    expect(code).toBe(2);
    expect(output).toMatch(/"frobnicate" is not a kith-peer command/);
    expect(output).toMatch(/kith-peer join \[CODE\]/);
  });
});
