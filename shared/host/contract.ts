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

// ---------------------------------------------------------------- settings

/*
 * This device's settings, kept by the host in its data folder (settings.json).
 * They are not synced: each device chooses for itself. The settings are one
 * object of sections; a new section (the sync transports, say) adds a schema
 * to `settings`, its defaults to `defaultSettings` and a line to
 * `settingsPatch`, and older files simply read it as its defaults.
 */

const onOff = (what: string) => z.boolean({ error: `${what} is on or off (true or false)` });

const reminderSettings = z.object({
  /** My commitments due tomorrow, today or overdue. */
  commitments: onOff('The commitments reminder'),
  /** Requests waiting 24 hours (amber) and past 36 hours (red). */
  requests: onOff('The requests reminder'),
  /** Once a day, who is due a hello. */
  hellos: onOff('The hello-queue reminder'),
});

export const settings = z.object({ reminders: reminderSettings });
export type Settings = z.infer<typeof settings>;
export type ReminderSettings = Settings['reminders'];

export function defaultSettings(): Settings {
  return { reminders: { commitments: true, requests: true, hellos: true } };
}

/** A section of a patch: any of its switches, and nothing it does not know. */
function sectionPatch<Shape extends z.ZodRawShape>(name: string, section: z.ZodObject<Shape>) {
  return z.strictObject(section.partial().shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown setting: ${issue.keys.map((key) => `${name}.${key}`).join(', ')}`
        : issue.code === 'invalid_type'
          ? `Settings "${name}" must be an object of switches`
          : undefined,
  });
}

/** What `setSettings` takes: only the values that change, e.g. `{ reminders: { hellos: false } }`. */
export const settingsPatch = z.strictObject(
  { reminders: sectionPatch('reminders', reminderSettings).optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown settings section: ${issue.keys.join(', ')}`
        : issue.code === 'invalid_type'
          ? 'Settings to change must be an object, such as { reminders: { hellos: false } }'
          : undefined,
  },
);
export type SettingsPatch = z.infer<typeof settingsPatch>;

// ---------------------------------------------------------------- reminders

export const REMINDER_KINDS = ['commitment', 'request', 'hellos'] as const;

/** One reminder to show, once (see shared/analytics/follow-through.ts `dueReminders`). */
export const reminder = z.object({
  /** Stable for one occasion; also the tag that keeps two windows from showing it twice. */
  key: z.string().min(1).max(1000),
  kind: z.enum(REMINDER_KINDS),
  title: z.string(),
  body: z.string(),
  /** Who it is about; for the hello queue, the most overdue first. */
  personIds: z.array(z.string()),
});
export type ReminderPayload = z.infer<typeof reminder>;

// ---------------------------------------------------------------- the map

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
    /** This device's settings (defaults where none were saved). */
    getSettings: { args: z.tuple([]), result: settings },
    /**
     * Changes some settings and resolves with all of them once they are on
     * disk. A patch that does not validate is refused and nothing is written.
     * Every window then hears `settingsChanged`.
     */
    setSettings: { args: z.tuple([settingsPatch]), result: settings },
  },
  events: {
    /** A y-protocols message from the host's replica to the renderer. */
    docMessage: { payload: docMessage },
    /** The settings after a change, sent to every window so they agree. */
    settingsChanged: { payload: settings },
    /**
     * A reminder that has come due, sent once (the host remembers what it has
     * shown). In Electron, main also shows it as a desktop notification, so
     * the page must not; in browser mode the page shows it.
     */
    reminder: { payload: reminder },
    /** The user clicked a desktop notification about this person: show them. */
    openPerson: { payload: z.object({ personId: z.string().min(1) }) },
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
