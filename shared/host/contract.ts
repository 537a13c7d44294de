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
import { MAX_IMPORT_BYTES } from '../interop/errors';

export * from './names';

/**
 * Largest y-protocols message accepted over the doc channel: 32 MiB. Both
 * sides send big updates in slices (SyncHandshake, shared/sync/doc-sync.ts)
 * of at most 4 MiB (the host's to a window 256 KiB), so only a slice holding
 * one struct bigger than that (a single huge value) or a large delete set
 * comes near it: 8× the slice leaves that room and still bounds what one
 * message makes the other side hold.
 */
export const MAX_DOC_MESSAGE_BYTES = 32 * 1024 * 1024;

const docMessage = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'A doc message is binary (Uint8Array)')
  .refine((bytes) => bytes.byteLength > 0, 'A doc message cannot be empty')
  .refine((bytes) => bytes.byteLength <= MAX_DOC_MESSAGE_BYTES, 'A doc message is too large');

/** A deep link, read (shared/host/deep-link.ts): what it opens. */
export const deepLink = z.object({
  kind: z.enum(['person', 'note']),
  id: z.string().regex(/^(person|note):[0-9a-z]{1,64}$/, 'A deep link opens a person or a note by id'),
});

/** A contacts file the system opened Kith with (a double-clicked .vcf): the import flow starts on it. */
export const importFile = z.object({
  fileName: z.string().min(1).max(255),
  bytes: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'A file is binary (Uint8Array)')
    .refine((bytes) => bytes.byteLength <= MAX_IMPORT_BYTES, 'That file is too large to import'),
});
export type ImportFile = z.infer<typeof importFile>;

/** A Kith backup the system opened Kith with (a double-clicked .kithbackup): the window restores it into an empty network. */
export const backupFile = z.object({
  fileName: z.string().min(1).max(255),
  bytes: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'A file is binary (Uint8Array)')
    .refine((bytes) => bytes.byteLength <= MAX_IMPORT_BYTES, 'That backup is too large to restore'),
});
export type BackupFile = z.infer<typeof backupFile>;

/** What the menu and the tray ask of the page (the `menuCommand` event). */
export const MENU_COMMANDS = ['undo', 'redo', 'logCall', 'passItOn'] as const;
export const menuCommand = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof menuCommand>;

export const appInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** How the host runs: inside Electron, as a Node server for a browser, or as a headless always-on peer (no window). */
  mode: z.enum(['electron', 'browser', 'peer']),
  /** The IndexedDB name of this data folder's document. */
  docName: z.string(),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfo>;
export type DeepLink = z.infer<typeof deepLink>;

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

const syncSettings = z.object({
  /** Sync with devices on this network: TCP, found by mDNS or a typed address. */
  lan: onOff('LAN sync'),
  /** Sync over the internet: Hyperswarm, peers found on its DHT by the network's topic. */
  internet: onOff('Internet sync'),
  /** The LAN port to listen on; 0 lets Kith choose one (and keep it across restarts). */
  port: z
    .number({ error: 'The LAN port is a number' })
    .int('The LAN port is a whole number')
    .min(0, 'The LAN port is from 0 (Kith chooses) to 65535')
    .max(65535, 'The LAN port is from 0 (Kith chooses) to 65535'),
});

const linkSettings = z.object({
  /**
   * Read the title and description of a link pasted into Pass it on from its
   * page. Off: no request ever leaves for a link; the title is typed.
   */
  previews: onOff('Link previews'),
});

const desktopSettings = z.object({
  /** Start Kith when the user logs in to this computer (Electron only), so reminders and the tray are there. Off by default. */
  openAtLogin: onOff('Start at login'),
});

export const settings = z.object({ reminders: reminderSettings, sync: syncSettings, links: linkSettings, desktop: desktopSettings });
export type Settings = z.infer<typeof settings>;
export type ReminderSettings = Settings['reminders'];
export type SyncSettings = Settings['sync'];
export type LinkSettings = Settings['links'];
export type DesktopSettings = Settings['desktop'];

export function defaultSettings(): Settings {
  return {
    reminders: { commitments: true, requests: true, hellos: true },
    sync: { lan: true, internet: true, port: 0 },
    links: { previews: true },
    desktop: { openAtLogin: false },
  };
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
  {
    reminders: sectionPatch('reminders', reminderSettings).optional(),
    sync: sectionPatch('sync', syncSettings).optional(),
    links: sectionPatch('links', linkSettings).optional(),
    desktop: sectionPatch('desktop', desktopSettings).optional(),
  },
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

// ---------------------------------------------------------------- devices

/** A device's public key: 64 lowercase hex characters. */
const publicKeyArg = z
  .string({ error: 'A device key is text' })
  .regex(/^[0-9a-f]{64}$/, 'A device key is 64 lowercase hex characters');
const deviceNameArg = z
  .string({ error: 'A device name is text' })
  .trim()
  .min(1, 'A device name cannot be empty')
  .max(100, 'A device name can be at most 100 characters');

/** One device of the network, with how this device sees it now. */
export const deviceStatus = z.object({
  publicKey: z.string(),
  name: z.string(),
  addedAt: z.string(),
  /** The key of the device that paired it. */
  addedBy: z.string(),
  /** When it was removed from the network; it can never sync again. */
  revokedAt: z.string().nullable(),
  /** Whether this is the device showing the list. */
  isSelf: z.boolean(),
  /** Connected now (always false for this device itself). */
  online: z.boolean(),
  /** When an update last went either way with it (ISO), as this device saw it. */
  lastSyncedAt: z.string().nullable(),
  /** How it is connected now, or was last. */
  transport: z.enum(['lan', 'internet']).nullable(),
  /** Where it was last reached on the LAN (host:port). */
  address: z.string().nullable(),
  /**
   * It runs a newer Kith, whose document this one may not read: its edits are
   * kept here unapplied (this device's own edits still reach it) until Kith
   * is updated here. As it said when it last connected.
   */
  newerKith: z.boolean(),
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

export const devicesView = z.object({
  self: z.object({ publicKey: z.string(), name: z.string() }),
  /** A short public fingerprint of the network (8 hex characters): two devices showing the same one are in one network. */
  networkId: z.string(),
  /** Every device ever paired, this one included, revoked ones too; oldest first. */
  devices: z.array(deviceStatus),
  /** Where this device can be reached for "Connect by address" (LAN on), or null. */
  lan: z.object({ port: z.number(), addresses: z.array(z.string()) }).nullable(),
  internet: z.boolean(),
  /**
   * The invitations this device made in the last hour, by id: so the window
   * showing one hears when it is used (by `usedBy`, a device key) or closed
   * after too many wrong short codes.
   */
  invitations: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['open', 'used', 'closed', 'expired']),
      expiresAt: z.string(),
      usedBy: z.string().nullable(),
    }),
  ),
});
export type DevicesView = z.infer<typeof devicesView>;

/** A short code's characters, dashes and spaces left out: its length is how the joiner tells it from the long code. */
export const SHORT_CODE_LENGTH = 12;

export const invitation = z.object({
  id: z.string(),
  /** The long code: Crockford base32 in dashed groups of five; about 92 characters. Works over the internet too. */
  code: z.string(),
  /**
   * The short code, to type on the same network: 12 Crockford base32
   * characters as `XXXX-XXXX-XXXX`. Null while LAN sync or its discovery is off.
   */
  shortCode: z.string().nullable(),
  /** The same code as a QR image (data: URL, SVG). */
  qrDataUrl: z.string(),
  /** ISO time; the code works once, until then (10 minutes). */
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitation>;

export const JOIN_PROBLEMS = [
  'typo',
  'expired',
  'used',
  'unknown',
  'revoked',
  'unreachable',
  'refused',
  'wrong',
  'closed',
  'notFound',
] as const;

export const joinResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), networkId: z.string(), inviter: z.object({ publicKey: z.string(), name: z.string() }) }),
  /** `message` is a sentence for the person, saying what to do. */
  z.object({ ok: z.literal(false), reason: z.enum(JOIN_PROBLEMS), message: z.string() }),
]);
export type JoinResult = z.infer<typeof joinResult>;

export const connectResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), publicKey: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ConnectResult = z.infer<typeof connectResult>;

/**
 * Presence: the other devices of this network that are online now, and the
 * notes open on each (so a note being written on the laptop says so on the
 * desktop). Said by each device over its sync links (y-protocols awareness).
 */
export const presenceView = z.object({
  devices: z.array(z.object({ publicKey: z.string(), name: z.string(), noteIds: z.array(z.string()) })),
});
export type PresenceView = z.infer<typeof presenceView>;

/** What a window has open, for presence. */
const presenceArg = z.object(
  {
    noteId: z
      .string({ error: 'A note id is text' })
      .regex(/^note:[0-9a-z]{1,64}$/, 'A note id looks like note:k3v9x0q2m7c1a8zt')
      .nullable(),
  },
  { error: 'Presence is an object such as { noteId: null }' },
);

/** `host:port`, an IPv4 address or a host name, as a person types it. */
const addressArg = z
  .string({ error: 'An address is text such as 192.168.1.20:47000' })
  .trim()
  .max(300, 'That address is too long')
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'An address is host:port, such as 192.168.1.20:47000')
  .refine((text) => {
    const port = Number(text.slice(text.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'The port is a number from 1 to 65535');

// ---------------------------------------------------------------- links out of Kith

const EXTERNAL_URL_MESSAGE = 'Kith opens only web pages (https://, http://) and email addresses (mailto:)';

/**
 * A link the host may hand to the system: a web page or a new email, nothing
 * else. Other schemes (file:, javascript:, smb:, custom handlers) could run
 * things on the machine.
 */
const externalUrl = z
  .string({ error: 'A link to open is text' })
  .max(4000, 'That link is too long to open')
  .pipe(z.url({ protocol: /^(https?|mailto)$/, error: EXTERNAL_URL_MESSAGE }))
  .refine((url) => !/^mailto:\s*$/i.test(url), EXTERNAL_URL_MESSAGE);

/** A page whose title the host may read: http or https only, as a person pastes it. */
const webPageUrl = z
  .string({ error: 'A link is text' })
  .trim()
  .max(2000, 'A link can be at most 2,000 characters')
  .pipe(z.url({ protocol: /^https?$/, error: 'Kith reads only web pages (https://, http://)' }));

/** What a page says it is, or why it could not be read (`message`: a sentence for the person). */
export const linkPreview = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), title: z.string(), description: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['off', 'failed']), message: z.string() }),
]);
export type LinkPreview = z.infer<typeof linkPreview>;

/** Whether the host may open a URL: http, https or mailto. */
export function isExternalUrl(url: unknown): boolean {
  return externalUrl.safeParse(url).success;
}
// ---------------------------------------------------------------- storage

const count = z.number().int().min(0);

/** Where the host took records back in from: a window's own copy (IndexedDB), or a paired device. */
export const recoverySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('window') }),
  z.object({ kind: z.literal('device'), name: z.string() }),
]);
export type RecoverySource = z.infer<typeof recoverySource>;

/** Records the host gained from one source after the damage that it did not hold any more. */
export const recovered = z.object({ source: recoverySource, people: count, notes: count, links: count });
export type Recovered = z.infer<typeof recovered>;

/** What the host found wrong with its document log when it started, and what it did. */
export const logDamage = z.object({
  /** ISO time the damage was found (this start). */
  detectedAt: z.string(),
  /** Where the damaged log was kept, untouched; null when the log was missing rather than damaged. */
  damagedCopy: z.string().nullable(),
  /** Records read back and kept, and the unreadable stretches skipped. */
  keptRecords: count,
  skippedStretches: count,
  skippedBytes: count,
  /** The previous generation (document.ylog.1) was read too. */
  usedPrevious: z.boolean(),
  /** There was no document.ylog, only the previous generation. */
  missing: z.boolean(),
  /** What came back since from the window's copy and from devices, one entry per source that brought any. */
  recovered: z.array(recovered),
});
export type LogDamage = z.infer<typeof logDamage>;

export const storageHealth = z.object({
  /** Null when the log was sound at start. */
  damage: logDamage.nullable(),
  /** Why edits cannot be written to disk now, as a sentence saying what to do; null when all is written. */
  writeProblem: z.string().nullable(),
});
export type StorageHealth = z.infer<typeof storageHealth>;

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
    /** This device, the network's devices, which are online and when each last synced. */
    devices: { args: z.tuple([]), result: devicesView },
    /** A one-time invitation for 10 minutes: a code to type on the other device, and its QR image. */
    createInvitation: { args: z.tuple([]), result: invitation },
    /**
     * Joins the network of the device that made this code. Resolves once
     * paired (the documents then sync), or with the reason it did not work.
     */
    joinWithInvitation: {
      args: z.tuple([z.string({ error: 'An invitation code is text' }).max(400, 'That code is far too long')]),
      result: joinResult,
    },
    renameDevice: { args: z.tuple([publicKeyArg, deviceNameArg]), result: devicesView },
    /** Removes a device from the network for good; its connections close at once. */
    revokeDevice: { args: z.tuple([publicKeyArg]), result: devicesView },
    /** Connects to a paired device by its LAN address, when mDNS cannot find it. */
    connectAddress: { args: z.tuple([addressArg]), result: connectResult },
    /** Tells the other devices which note this window has open (null: none). */
    setPresence: { args: z.tuple([presenceArg]), result: z.null() },
    /** The other devices online now and the notes open on them. */
    presence: { args: z.tuple([]), result: presenceView },
    /**
     * Opens a web page or a new email in the system's browser or mail app
     * (Electron). A host that cannot (browser mode, whose page is already in
     * a browser) answers `opened: false`, and the page opens it itself.
     */
    openExternal: { args: z.tuple([externalUrl]), result: z.object({ opened: z.boolean() }) },
    /**
     * The title and description a web page gives itself (its <title>, Open
     * Graph or description meta tags), for Pass it on. Limited in time and
     * size; answers `reason: 'off'` without a request when link previews are
     * off in Settings.
     */
    linkPreview: { args: z.tuple([webPageUrl]), result: linkPreview },
    /** Whether the host's copy of the document is sound and written: damage found at start, what came back, a failing disk. */
    storageHealth: { args: z.tuple([]), result: storageHealth },
    /**
     * The deep link Kith was opened with (`kith://person/<id>`, shared/host/deep-link.ts)
     * that no window has shown yet, taken once; null when there is none. A
     * window asks when it is ready; later links come as `deepLink`.
     */
    pendingDeepLink: { args: z.tuple([]), result: deepLink.nullable() },
    /**
     * The contacts file Kith was opened with (a .vcf double-clicked while no
     * window was up), taken once; null when there is none. Later files come
     * as `importRequested` with the file.
     */
    pendingImportFile: { args: z.tuple([]), result: importFile.nullable() },
    /**
     * The Kith backup Kith was opened with (a .kithbackup double-clicked while
     * no window was up), taken once; null when there is none. Later backups
     * come as `restoreRequested`.
     */
    pendingRestoreFile: { args: z.tuple([]), result: backupFile.nullable() },
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
    /** The devices view after any change: pairing, rename, revoke, a device coming online or syncing. */
    devicesChanged: { payload: devicesView },
    /** Presence after any change: a device coming online or going, a note opened or closed on one. */
    presenceChanged: { payload: presenceView },
    /** Storage health after any change: records recovered, a write failing or working again. */
    storageHealthChanged: { payload: storageHealth },
    /**
     * File ▸ Import in the menu (null): the page opens its import dialog, where
     * the user chooses the file. With a file (one the system opened Kith
     * with), the import starts on it.
     */
    importRequested: { payload: importFile.nullable() },
    /** The system opened a Kith backup while the window was up: the page restores it, into an empty network only. */
    restoreRequested: { payload: backupFile },
    /** The system opened a deep link while the window was up: show that person or note. */
    deepLink: { payload: deepLink },
    /**
     * A command from the app's menu or the tray. The page runs it because only
     * it knows where focus is: Undo/Redo undo the text being typed in a text
     * field, and Kith's own last edit everywhere else.
     */
    menuCommand: { payload: menuCommand },
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
