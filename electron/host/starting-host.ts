/**
 * A host while its log is still being read (host.ts `beginHost`), behind a
 * window's connection: the browser-mode server (server.ts) and Electron
 * main's IPC (main/ipc.ts) both serve the window through it, so the window
 * loads its own copy while the host applies its log (at 30,000 people
 * seconds).
 *
 *   window ── appInfo ──────────────► answered at once (the data folder's identity)
 *   window ── any other call ───────► waits for the host, then runs on it, in order
 *   host ready ─► each waiting window gets its session (events from then on)
 *
 * So a window never hears the host before the host holds its document: its
 * sync step1 is answered with the real state, never with an empty replica
 * taken for the network. A window that closes before the host is ready
 * never gets a session.
 */
import type { AppInfo, HostHandlers } from '../../shared/host/contract';
import { METHOD_NAMES } from '../../shared/host/names';
import type { Emit, Host, Session } from './host';

/** What a server needs of a host: sessions, and the contract's handlers run in one. */
export interface SessionHost<S> {
  readonly handlers: HostHandlers<S>;
  openSession(emit: Emit): S;
  closeSession(session: S): void;
}

/** A window's session opened before the host was ready. */
export interface EarlySession {
  readonly emit: Emit;
  /** Its session on the host, once the host is ready (null before, and after it closed early). */
  session: Session | null;
  closed: boolean;
}

export interface StartingHostOptions {
  /** Called once a window has been answered `appInfo`, its first call (the log is then read: `firstAnswer`). */
  onAppInfo?: () => void;
}

export function startingHost(info: AppInfo, ready: Promise<Host>, options: StartingHostOptions = {}): SessionHost<EarlySession> {
  let started: Host | null = null;
  // The caller awaits `ready` for its own failure (it then exits saying why); here a failure only rejects the waiting calls.
  ready.then((host) => (started = host), () => undefined);
  const onHost = async (early: EarlySession): Promise<[Host, Session]> => {
    const host = await ready;
    if (early.closed || !early.session) throw new Error('This window is no longer connected to Kith');
    return [host, early.session];
  };
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (early: EarlySession, ...args: unknown[]) => {
        const [host, session] = await onHost(early);
        return (host.handlers[method] as (session: Session, ...args: unknown[]) => unknown)(session, ...args);
      },
    ]),
  ) as unknown as HostHandlers<EarlySession>;
  handlers.appInfo = () => {
    // After this answer is on its way: the log is then read while the window loads its own copy.
    if (options.onAppInfo) setImmediate(options.onAppInfo);
    return info;
  };

  return {
    handlers,
    openSession(emit) {
      const early: EarlySession = { emit, session: null, closed: false };
      // Registered before any call of this window awaits the host, so the session is open when the first one runs.
      void ready.then((host) => {
        if (!early.closed) early.session = host.openSession(emit);
      }, () => undefined);
      return early;
    },
    closeSession(early) {
      early.closed = true;
      if (started && early.session) started.closeSession(early.session);
    },
  };
}

/** How long a host waits for its window's first call before it reads its log all the same. */
export const WINDOW_WAIT_MS = 5000;

/**
 * When to read the log (host.ts `readLogAfter`): once the window this Kith
 * opened has been answered `appInfo`, or after `waitMs` should none come.
 * Applying the log holds the event loop for seconds, and the window's page
 * (served by the same process: browser mode's server, Electron's kith://
 * protocol) and its first answer should not wait behind it.
 */
export function firstAnswer(waitMs = WINDOW_WAIT_MS): { readonly answered: Promise<void>; onAppInfo(): void } {
  let onAppInfo!: () => void;
  const answered = new Promise<void>((resolve) => {
    onAppInfo = resolve;
    setTimeout(resolve, waitMs).unref();
  });
  return { answered, onAppInfo };
}
