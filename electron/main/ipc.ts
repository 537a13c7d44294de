/**
 * The host contract over Electron IPC.
 *
 *   renderer ── ipcRenderer.invoke('kith:<method>', ...args) ──► ipcMain.handle
 *                                     1. sender check: the app's page in the main window's top frame
 *                                     2. dispatch: known method, arguments match the contract's schema
 *                                     3. the host handler, with this window's host session
 *   renderer ◄── contents.send('kith:<event>', payload) ──────── host session emit
 *
 * A refused call throws before step 3, so it never reaches the host: no
 * session is opened and nothing changes.
 *
 * Main registers these before the host has read its log, over
 * host/starting-host.ts: appInfo is answered at once, every other call waits
 * for the host and then runs in order, and a window destroyed meanwhile
 * never gets a host session.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { dispatch } from '../../shared/host/bridge';
import { METHOD_NAMES, ipcChannel, type HostHandlers, type MethodArgs, type MethodName } from '../../shared/host/contract';
import type { SessionHost } from '../host/starting-host';
import { isAppUrl } from './security';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export interface IpcOptions<S> {
  /** A started host, or one still reading its log (`startingHost`). */
  host: SessionHost<S>;
  isTrustedSender: SenderCheck;
}

/**
 * Trusts a call only from the top frame of the main window, showing the app's
 * own page. That rules out other windows, iframes (even the app's own), and a
 * frame that has been navigated elsewhere.
 */
export function trustedSenderCheck(getWindow: () => BrowserWindow | null): SenderCheck {
  return (event) => {
    const window = getWindow();
    if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppUrl(frame.url);
  };
}

export function registerIpc<S>(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: IpcOptions<S>): () => void {
  const { host, isTrustedSender } = options;
  const sessions = new Map<WebContents, { session: S; onDestroyed: () => void }>();

  // One host session per web contents, opened by its first valid call. A
  // reload keeps it: the new page starts with sync step 1 and catches up.
  function sessionOf(contents: WebContents): S {
    const open = sessions.get(contents);
    if (open) return open.session;
    const session = host.openSession((event, payload) => {
      if (!contents.isDestroyed()) contents.send(ipcChannel(event), payload);
    });
    const onDestroyed = () => {
      sessions.delete(contents);
      host.closeSession(session);
    };
    contents.once('destroyed', onDestroyed);
    sessions.set(contents, { session, onDestroyed });
    return session;
  }

  // The host's handlers, keyed by the calling web contents: `dispatch` runs
  // one only after the arguments passed, so only a valid call opens a session.
  const forContents = <M extends MethodName>(method: M) => {
    const handler = host.handlers[method];
    return (contents: WebContents, ...args: MethodArgs<M>) => handler(sessionOf(contents), ...args);
  };
  const handlers = Object.fromEntries(METHOD_NAMES.map((method) => [method, forContents(method)])) as HostHandlers<WebContents>;

  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => {
      if (!isTrustedSender(event)) {
        throw new Error(`Refused ${method}: only the Kith page in the main window may call the host`);
      }
      return dispatch(handlers, event.sender, method, args);
    });
  }

  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
    for (const [contents, { session, onDestroyed }] of sessions) {
      contents.off('destroyed', onDestroyed);
      host.closeSession(session);
    }
    sessions.clear();
  };
}
