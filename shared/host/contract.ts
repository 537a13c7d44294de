/**
 * The host contract: every call the renderer may make to the host, and every
 * event the host may send back, with the schema of its arguments.
 *
 * This map is the single source of truth. The preload (`window.kith`), the
 * IPC handlers in electron/main, the browser-mode WebSocket server and the
 * renderer's types are all derived from it, so adding an entry here is the
 * whole of adding a host capability's surface.
 */
import { z } from 'zod';
import type { EventListenerName, EventName, MethodName } from './names';

export * from './names';

/** Largest y-protocols message accepted over the doc channel. */
export const MAX_DOC_MESSAGE_BYTES = 64 * 1024 * 1024;

const docMessage = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'A doc message is binary (Uint8Array)')
  .refine((bytes) => bytes.byteLength > 0, 'A doc message cannot be empty')
  .refine((bytes) => bytes.byteLength <= MAX_DOC_MESSAGE_BYTES, 'A doc message is too large');

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** How the host runs: inside Electron, or as a Node server for a browser. */
  mode: z.enum(['electron', 'browser']),
  /** The IndexedDB name of this data folder's document. */
  docName: z.string(),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfo>;

type MethodSchemas = { [M in MethodName]: { args: z.ZodTuple; result: z.ZodType } };
type EventSchemas = { [E in EventName]: { payload: z.ZodType } };

export const contract = {
  methods: {
    /** Facts about this Kith: its version, how it runs, where its data lives. */
    appInfo: { args: z.tuple([]), result: appInfo },
    /**
     * One y-protocols message (sync step 1/2 or update) from the renderer's
     * document. Resolves once the host has applied it and its store has
     * written it durably, which is when the UI may call an edit saved.
     */
    docSend: { args: z.tuple([docMessage]), result: z.object({ durable: z.boolean() }) },
  },
  events: {
    /** A y-protocols message from the host's replica to the renderer. */
    docMessage: { payload: docMessage },
  },
} as const satisfies { methods: MethodSchemas; events: EventSchemas };

type Methods = (typeof contract)['methods'];
type Events = (typeof contract)['events'];

export type MethodArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** What `window.kith` offers: one function per contract entry. */
export type KithApi = {
  [M in MethodName]: (...args: MethodArgs<M>) => Promise<MethodResult<M>>;
} & {
  [E in EventName as EventListenerName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** What the host implements: one handler per method, given the caller's context. */
export type HostHandlers<Context> = {
  [M in MethodName]: (context: Context, ...args: MethodArgs<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};
