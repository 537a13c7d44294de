/**
 * The preload: puts the host contract on `window.kith`, one function per
 * contract entry, and nothing else. The page never gets `ipcRenderer` (it
 * could then invoke any channel) nor an IpcRendererEvent (whose `sender` is
 * ipcRenderer). It runs sandboxed, so the build bundles it into one CJS file
 * that may only `require('electron')`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createKithApi } from '../../shared/host/client';
import { ipcChannel, type EventName, type MethodName } from '../../shared/host/names';

// createKithApi names only the contract's own methods and events.
const api = createKithApi({
  invoke: (method, args) => ipcRenderer.invoke(ipcChannel(method as MethodName), ...args),
  subscribe(event, listener) {
    const channel = ipcChannel(event as EventName);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
});

contextBridge.exposeInMainWorld('kith', api);
