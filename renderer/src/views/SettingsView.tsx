import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { AppInfo, KithApi, ReminderSettings, Settings } from '../../../shared/host/contract';
import {
  notificationPermission,
  onNotificationPermissionChange,
  requestNotificationPermission,
  type NotificationPermissionState,
} from '../host/reminders';

export interface SettingsViewProps {
  api: Pick<KithApi, 'getSettings' | 'setSettings' | 'onSettingsChanged'>;
  mode: AppInfo['mode'];
}

type ReminderKind = keyof ReminderSettings;

const REMINDER_SWITCHES: ReadonlyArray<{ kind: ReminderKind; label: string; explanation: string }> = [
  {
    kind: 'commitments',
    label: 'Commitments coming due',
    explanation: 'What you promised someone: the day before it is due, on the day, and once if it slips past.',
  },
  {
    kind: 'requests',
    label: 'Requests waiting close to 36 hours',
    explanation: 'When someone has waited 24 hours for your answer, and again once 36 hours have passed.',
  },
  {
    kind: 'hellos',
    label: 'Daily hello queue',
    explanation: 'Once a day, who is due a hello.',
  },
];

type SaveStatus = { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** This device's settings: which reminders it shows, saved as soon as a switch changes. */
export function SettingsView({ api, mode }: SettingsViewProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<Partial<Record<ReminderKind, SaveStatus>>>({});

  useEffect(() => {
    let live = true;
    // Another window's change, or this one's echoed back: both windows show what is saved.
    const stop = api.onSettingsChanged((next) => {
      if (live) setSettings(next);
    });
    api.getSettings().then(
      (current) => {
        if (!live) return;
        setSettings(current);
        setLoadError(null);
      },
      (error: unknown) => {
        if (live) setLoadError(messageOf(error));
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  const setReminder = (kind: ReminderKind, on: boolean) =>
    setSettings((current) => current && { ...current, reminders: { ...current.reminders, [kind]: on } });

  async function toggle(kind: ReminderKind, on: boolean) {
    setReminder(kind, on);
    setStatus((current) => ({ ...current, [kind]: { state: 'saving' } }));
    try {
      setSettings(await api.setSettings({ reminders: { [kind]: on } }));
      setStatus((current) => ({ ...current, [kind]: { state: 'saved' } }));
    } catch (error) {
      setReminder(kind, !on);
      setStatus((current) => ({ ...current, [kind]: { state: 'error', message: messageOf(error) } }));
    }
  }

  return (
    <section className="view scroll" aria-labelledby="settings-title">
      <header className="view-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="muted">For this device only; your other devices keep their own.</p>
        </div>
      </header>
      <div className="detail">
        <section className="card" aria-labelledby="reminders-title">
          <h2 className="card-title" id="reminders-title">Reminders</h2>
          {loadError ? (
            <p className="field-error" role="alert">
              Could not read the settings: {loadError}. They will load when Kith’s host is back.
            </p>
          ) : !settings ? (
            <p className="muted">Loading…</p>
          ) : (
            <ul className="plain-list">
              {REMINDER_SWITCHES.map(({ kind, label, explanation }) => (
                <li key={kind}>
                  <label>
                    <input
                      type="checkbox"
                      checked={settings.reminders[kind]}
                      onChange={(event) => void toggle(kind, event.target.checked)}
                      aria-describedby={`reminder-${kind}-about reminder-${kind}-status`}
                      data-testid={`reminder-${kind}`}
                    />{' '}
                    <strong>{label}</strong>
                  </label>
                  <p className="muted" id={`reminder-${kind}-about`}>
                    {explanation}
                  </p>
                  <SaveState id={`reminder-${kind}-status`} status={status[kind]} on={settings.reminders[kind]} />
                </li>
              ))}
            </ul>
          )}
          {mode === 'browser' ? <BrowserNotifications /> : <DesktopNotifications />}
        </section>
        {settings ? <SyncSwitches api={api} settings={settings} onSaved={setSettings} /> : null}
        {settings ? <LinkPreviewSwitch api={api} settings={settings} onSaved={setSettings} /> : null}
        {settings && mode === 'electron' ? <StartAtLoginSwitch api={api} settings={settings} onSaved={setSettings} /> : null}
      </div>
    </section>
  );
}

function SaveState({ id, status, on }: { id: string; status: SaveStatus | undefined; on: boolean }) {
  if (status?.state === 'error') {
    return (
      <p className="field-error" id={id} role="alert">
        Not saved: {status.message}. Try again.
      </p>
    );
  }
  const text = status?.state === 'saving' ? 'Saving…' : status?.state === 'saved' ? `Saved — ${on ? 'on' : 'off'}` : '';
  return (
    <p className="muted" id={id} role="status">
      {text}
    </p>
  );
}

function DesktopNotifications() {
  return (
    <p className="muted">
      Reminders appear as desktop notifications, even when Kith’s window is in the background. If none appear, check
      that notifications for Kith are on in your system settings.
    </p>
  );
}

/** Whether the browser lets this page show notifications, and a way to allow them. */
function BrowserNotifications() {
  const [permission, setPermission] = useState<NotificationPermissionState>(() => notificationPermission());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => onNotificationPermissionChange(setPermission), []);

  async function allow() {
    setError(null);
    try {
      setPermission(await requestNotificationPermission());
    } catch (caught) {
      setError(messageOf(caught));
    }
  }

  return (
    <div data-testid="notification-permission">
      {permission === 'granted' ? (
        <p className="muted">This browser shows Kith’s reminders as notifications.</p>
      ) : permission === 'default' ? (
        <>
          <p className="muted">
            This browser shows reminders as notifications once you allow it. Until then they appear only inside Kith.
          </p>
          <p>
            <button type="button" className="button button-primary" onClick={() => void allow()}>
              Allow notifications
            </button>
          </p>
        </>
      ) : permission === 'denied' ? (
        <p className="muted">
          This browser blocks notifications from Kith, so reminders appear only inside Kith. To get them on your desktop,
          allow notifications for this page in the browser’s site settings, then reload.
        </p>
      ) : (
        <p className="muted">This browser cannot show notifications; reminders appear inside Kith.</p>
      )}
      {error ? <p className="field-error">Could not ask: {error}</p> : null}
    </div>
  );
}

type SyncKind = 'lan' | 'internet';

const SYNC_SWITCHES: ReadonlyArray<{ kind: SyncKind; label: string; explanation: string }> = [
  {
    kind: 'lan',
    label: 'Sync on the local network',
    explanation: 'Paired devices on the same Wi-Fi or network find each other and sync directly, encrypted.',
  },
  {
    kind: 'internet',
    label: 'Sync over the internet',
    explanation: 'Paired devices anywhere find each other through a peer-to-peer network (Hyperswarm) and sync, encrypted end to end. No server keeps your data.',
  },
];

/** Which transports this device uses to reach its paired devices. */
function SyncSwitches({ api, settings, onSaved }: { api: SettingsViewProps['api']; settings: Settings; onSaved: Dispatch<SetStateAction<Settings | null>> }) {
  const [status, setStatus] = useState<Partial<Record<SyncKind, SaveStatus>>>({});
  async function toggle(kind: SyncKind, on: boolean) {
    // Show the switch where it was put at once; put it back if the host refuses. Only this
    // switch is taken from the answer: another switch may have changed while this one saved.
    const shown = (value: boolean) =>
      onSaved((current) => current && { ...current, sync: { ...current.sync, [kind]: value } });
    shown(on);
    setStatus((current) => ({ ...current, [kind]: { state: 'saving' } }));
    try {
      const saved = await api.setSettings({ sync: { [kind]: on } });
      shown(saved.sync[kind]);
      setStatus((current) => ({ ...current, [kind]: { state: 'saved' } }));
    } catch (error) {
      shown(!on);
      setStatus((current) => ({ ...current, [kind]: { state: 'error', message: messageOf(error) } }));
    }
  }
  return (
    <section className="card" aria-labelledby="sync-title">
      <h2 className="card-title" id="sync-title">Device sync</h2>
      <ul className="plain-list">
        {SYNC_SWITCHES.map(({ kind, label, explanation }) => (
          <li key={kind}>
            <label>
              <input
                type="checkbox"
                checked={settings.sync[kind]}
                onChange={(event) => void toggle(kind, event.target.checked)}
                aria-describedby={`sync-${kind}-about sync-${kind}-status`}
                data-testid={`sync-${kind}`}
              />{' '}
              <strong>{label}</strong>
            </label>
            <p className="muted" id={`sync-${kind}-about`}>
              {explanation}
            </p>
            <SaveState id={`sync-${kind}-status`} status={status[kind]} on={settings.sync[kind]} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Whether Pass it on may read a pasted link's page for its title: the one request Kith makes for a link. */
function LinkPreviewSwitch({ api, settings, onSaved }: { api: SettingsViewProps['api']; settings: Settings; onSaved: Dispatch<SetStateAction<Settings | null>> }) {
  const [status, setStatus] = useState<SaveStatus | undefined>(undefined);
  async function toggle(on: boolean) {
    const shown = (value: boolean) => onSaved((current) => current && { ...current, links: { ...current.links, previews: value } });
    shown(on);
    setStatus({ state: 'saving' });
    try {
      const saved = await api.setSettings({ links: { previews: on } });
      shown(saved.links.previews);
      setStatus({ state: 'saved' });
    } catch (error) {
      shown(!on);
      setStatus({ state: 'error', message: messageOf(error) });
    }
  }
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 className="card-title" id="links-title">Links</h2>
      <ul className="plain-list">
        <li>
          <label>
            <input
              type="checkbox"
              checked={settings.links.previews}
              onChange={(event) => void toggle(event.target.checked)}
              aria-describedby="links-previews-about links-previews-status"
              data-testid="links-previews"
            />{' '}
            <strong>Read a pasted link’s title from its page</strong>
          </label>
          <p className="muted" id="links-previews-about">
            In Pass it on, this device fetches the page once for its title and description (the site sees a request from
            you). Off: nothing is fetched, and you type the title.
          </p>
          <SaveState id="links-previews-status" status={status} on={settings.links.previews} />
        </li>
      </ul>
    </section>
  );
}

/** Whether this computer starts Kith when the user logs in (Electron: main keeps the system's login item as this says). */
export function StartAtLoginSwitch({ api, settings, onSaved }: { api: SettingsViewProps['api']; settings: Settings; onSaved: Dispatch<SetStateAction<Settings | null>> }) {
  const [status, setStatus] = useState<SaveStatus | undefined>(undefined);
  async function toggle(on: boolean) {
    const shown = (value: boolean) => onSaved((current) => current && { ...current, desktop: { ...current.desktop, openAtLogin: value } });
    shown(on);
    setStatus({ state: 'saving' });
    try {
      const saved = await api.setSettings({ desktop: { openAtLogin: on } });
      shown(saved.desktop.openAtLogin);
      setStatus({ state: 'saved' });
    } catch (error) {
      shown(!on);
      setStatus({ state: 'error', message: messageOf(error) });
    }
  }
  return (
    <section className="card" aria-labelledby="desktop-title">
      <h2 className="card-title" id="desktop-title">This computer</h2>
      <ul className="plain-list">
        <li>
          <label>
            <input
              type="checkbox"
              checked={settings.desktop.openAtLogin}
              onChange={(event) => void toggle(event.target.checked)}
              aria-describedby="desktop-login-about desktop-login-status"
              data-testid="desktop-open-at-login"
            />{' '}
            <strong>Start Kith when I log in</strong>
          </label>
          <p className="muted" id="desktop-login-about">
            Kith then waits in the tray, with today’s follow-ups and its reminders, and syncs with your other devices.
          </p>
          <SaveState id="desktop-login-status" status={status} on={settings.desktop.openAtLogin} />
        </li>
      </ul>
    </section>
  );
}
