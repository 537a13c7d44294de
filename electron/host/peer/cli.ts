/**
 * `kith-peer`: the headless always-on peer's command line (peer.ts).
 *
 *   kith-peer [run] [--data-dir DIR] [--name NAME]   run the peer until SIGTERM / SIGINT
 *   kith-peer join [CODE|-] [--data-dir DIR]         join a network: the code typed, or read
 *                                                    from stdin; asks the running peer, or
 *                                                    starts one that joins and keeps running
 *   kith-peer status [--data-dir DIR]                the running peer's state in plain lines
 *
 * Exit codes: 0 done, 1 failed, 2 bad usage, 3 no peer running (status).
 */
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../data-dir';
import { askPeer, NoPeerRunningError } from './control';
import { joinLines, startPeer, type Peer } from './peer';

declare const KITH_VERSION: string;

const USAGE = `Usage:
  kith-peer [run] [--data-dir DIR] [--name NAME]   run the always-on peer (stop it with SIGTERM or Ctrl+C)
  kith-peer join [CODE] [--data-dir DIR]           join a network with an invitation code (typed, or piped on stdin)
  kith-peer status [--data-dir DIR]                say what the running peer is doing

Make the invitation in Kith on one of your devices: Devices › Add a device.`;

class UsageError extends Error {}

/** The peer's own default folder, beside (never the same as) the desktop's. */
export function defaultPeerDataDir(): string {
  return `${defaultDataDir()}-peer`;
}

async function readCode(given: string | undefined): Promise<string> {
  if (given && given !== '-') return given;
  const input = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stdout : undefined, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) process.stdout.write('Invitation code: ');
  for await (const line of input) {
    if (line.trim()) {
      input.close();
      return line.trim();
    }
  }
  throw new UsageError('No invitation code was given: type it after "join", or pipe it on stdin.');
}

/** Runs until SIGTERM or SIGINT, then closes the links and writes everything before exiting. */
function stayRunning(peer: Peer): Promise<number> {
  return new Promise((done) => {
    const stop = (signal: string) => {
      console.log(`Kith peer: ${signal} — closing the links and writing the document.`);
      peer.stop().then(
        () => {
          console.log('Kith peer: stopped; every edit is on disk.');
          done(0);
        },
        (error: unknown) => {
          console.error(`Kith peer: stopping failed: ${(error as Error).message}`);
          done(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

async function run(dataDir: string, name: string | undefined): Promise<Peer> {
  const peer = await startPeer({ dataDir, version: KITH_VERSION, name });
  console.log(`Kith peer ${KITH_VERSION} is running (no window; data folder: ${dataDir}). kith-peer status asks it; SIGTERM stops it.`);
  return peer;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command = 'run', ...rest] = positionals;
  const dataDir = resolve(values['data-dir'] ?? defaultPeerDataDir());

  if (command === 'status') {
    if (rest.length) throw new UsageError(`status takes no arguments, not "${rest.join(' ')}"`);
    try {
      const answer = await askPeer(dataDir, { command: 'status' });
      for (const line of answer.lines) console.log(line);
      return answer.ok ? 0 : 1;
    } catch (error) {
      if (!(error instanceof NoPeerRunningError)) throw error;
      console.log(`${error.message} Start it with: kith-peer --data-dir ${dataDir}`);
      return 3;
    }
  }

  if (command === 'join') {
    if (rest.length > 1) throw new UsageError('join takes one invitation code');
    const code = await readCode(rest[0]);
    try {
      const answer = await askPeer(dataDir, { command: 'join', code });
      for (const line of answer.lines) console.log(line);
      return answer.ok ? 0 : 1;
    } catch (error) {
      if (!(error instanceof NoPeerRunningError)) throw error;
    }
    // No peer runs here yet: this one joins, and keeps running as the peer.
    const peer = await run(dataDir, values.name);
    const result = await peer.join(code);
    for (const line of joinLines(result)) console.log(line);
    if (!result.ok) {
      await peer.stop();
      return 1;
    }
    return stayRunning(peer);
  }

  if (command === 'run') {
    if (rest.length) throw new UsageError(`run takes no arguments, not "${rest.join(' ')}"`);
    return stayRunning(await run(dataDir, values.name));
  }
  throw new UsageError(`"${command}" is not a kith-peer command`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`kith-peer: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`Kith peer could not start: ${error.message}`);
    process.exit(1);
  },
);
