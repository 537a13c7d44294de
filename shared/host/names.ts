/**
 * The names in the host contract, without their schemas. The sandboxed
 * preload and the renderer's client need only these, so they stay free of
 * zod; contract.ts checks at compile time that its map has exactly these keys.
 */
export const METHOD_NAMES = [
  'appInfo',
  'docSend',
  'getSettings',
  'setSettings',
  'devices',
  'createInvitation',
  'joinWithInvitation',
  'renameDevice',
  'revokeDevice',
  'connectAddress',
  'setPresence',
  'presence',
  'openExternal',
  'linkPreview',
  'storageHealth',
  'pendingDeepLink',
  'pendingImportFile',
  'pendingRestoreFile',
] as const;
export const EVENT_NAMES = [
  'docMessage',
  'settingsChanged',
  'reminder',
  'devicesChanged',
  'presenceChanged',
  'storageHealthChanged',
  'importRequested',
  'restoreRequested',
  'deepLink',
  'menuCommand',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];
export type EventListenerName<E extends EventName> = `on${Capitalize<E>}`;

export function isMethodName(name: unknown): name is MethodName {
  return (METHOD_NAMES as readonly unknown[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return (EVENT_NAMES as readonly unknown[]).includes(name);
}

export function eventListenerName<E extends EventName>(event: E): EventListenerName<E> {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as EventListenerName<E>;
}

/** The IPC channel of a method or event in Electron. */
export function ipcChannel(name: MethodName | EventName): string {
  return `kith:${name}`;
}
