/**
 * This device and the others holding the same network: pair one with a
 * one-time code — a short one to type on the same network, a long one (and
 * its QR image) for anywhere — join another's network with either code,
 * rename or remove devices, and see which are online and when each synced.
 * Everything goes through the host, which holds the keys and the links.
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { SHORT_CODE_LENGTH, type DevicesView as DevicesState, type DeviceStatus, type Invitation, type KithApi } from '../../../shared/host/contract';
import { Icon } from '../ui/icons';
import { FieldError } from '../ui/FieldError';
import { agoText } from './followups/format';
import { useNow } from '../doc/useNow';

type Api = Pick<
  KithApi,
  'devices' | 'createInvitation' | 'joinWithInvitation' | 'renameDevice' | 'revokeDevice' | 'connectAddress' | 'onDevicesChanged'
>;

const messageOf = (error: unknown) => (error instanceof Error ? error.message.replace(/^\w+: /, '') : String(error));
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function DevicesView({ api, onOpenSettings }: { api: Api; onOpenSettings(): void }) {
  const [state, setState] = useState<DevicesState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [panel, setPanel] = useState<'pair' | 'join' | null>(null);

  useEffect(() => {
    let live = true;
    const stop = api.onDevicesChanged((next) => live && setState(next));
    api.devices().then(
      (current) => live && setState(current),
      (error: unknown) => live && setLoadError(messageOf(error)),
    );
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  const others = state?.devices.filter((device) => !device.isSelf) ?? [];
  const self = state?.devices.find((device) => device.isSelf);
  const newer = others.filter((device) => device.newerKith && !device.revokedAt);

  return (
    <section className="view scroll" aria-labelledby="devices-title">
      <header className="view-header">
        <div>
          <h1 id="devices-title">Devices</h1>
          <p className="muted">Your devices hold the same network and sync directly with each other — no server, no account.</p>
        </div>
        <span className="header-actions">
          <button type="button" className="button" onClick={() => setPanel(panel === 'join' ? null : 'join')}>
            Join with a code
          </button>
          <button type="button" className="button button-primary" onClick={() => setPanel(panel === 'pair' ? null : 'pair')}>
            <Icon name="plus" size={16} />
            Pair a device
          </button>
        </span>
      </header>

      <div className="followups">
        {loadError ? (
          <p className="field-error" role="alert">
            The host could not list the devices: {loadError}
          </p>
        ) : null}
        {panel === 'pair' ? <PairPanel api={api} state={state} onClose={() => setPanel(null)} /> : null}
        {panel === 'join' ? <JoinPanel api={api} onClose={() => setPanel(null)} /> : null}

        {newer.length ? (
          <section className="card newer-kith" role="status" aria-label="Devices on a newer Kith" data-testid="newer-kith">
            {newer.map((device) => (
              <p key={device.publicKey} className="newer-kith-title">
                {device.name} uses a newer Kith — update Kith here to keep syncing with it
              </p>
            ))}
            <p className="muted small">
              Until then this device keeps {newer.length === 1 ? 'its' : 'their'} edits without showing them, and they appear once Kith is
              updated here. Your own edits still reach {newer.length === 1 ? 'it' : 'them'}, and devices on this version sync as usual.
            </p>
          </section>
        ) : null}

        {state && self ? (
          <section className="card" aria-label="This device" data-testid="this-device">
            <h2 className="card-title">This device</h2>
            <DeviceName api={api} device={self} />
            <p className="muted small">
              Network {state.networkId} ·{' '}
              {state.lan ? `on the local network at ${state.lan.addresses.map((address) => `${address}:${state.lan!.port}`).join(', ')}` : 'local network sync off'}{' '}
              · {state.internet ? 'internet sync on' : 'internet sync off'} ·{' '}
              <button type="button" className="link-button" onClick={onOpenSettings}>
                change
              </button>
            </p>
          </section>
        ) : null}

        {state ? (
          <section className="card" aria-label="Paired devices" data-testid="paired-devices">
            <h2 className="card-title">
              Paired devices {others.length ? <span className="count">{others.length}</span> : null}
            </h2>
            {others.length === 0 ? (
              <p className="muted">
                No other device yet. On this device choose <strong>Pair a device</strong>; on the other, open Kith and choose{' '}
                <strong>Join with a code</strong>. The two then keep the same network, on the same Wi-Fi or over the internet.
              </p>
            ) : (
              <ul className="followup-list">
                {others.map((device) => (
                  <DeviceRow key={device.publicKey} api={api} device={device} />
                ))}
              </ul>
            )}
          </section>
        ) : null}

        {state?.lan ? <ConnectByAddress api={api} /> : null}
      </div>
    </section>
  );
}

function DeviceName({ api, device }: { api: Api; device: DeviceStatus }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = (value: string) => {
    setDraft(null);
    if (value.trim() === device.name) return setError(null);
    api.renameDevice(device.publicKey, value).then(
      () => setError(null),
      (problem: unknown) => setError(messageOf(problem)),
    );
  };
  return (
    <div className="field">
      <label htmlFor={`device-name-${device.publicKey}`}>Name</label>
      <input
        id={`device-name-${device.publicKey}`}
        value={draft ?? device.name}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={(event) => draft !== null && save(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') save(event.currentTarget.value);
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <FieldError message={error} />
    </div>
  );
}

function DeviceRow({ api, device }: { api: Api; device: DeviceStatus }) {
  const now = useNow(15_000);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoked = Boolean(device.revokedAt);
  const state = revoked ? 'removed' : device.online ? 'online' : 'offline';
  const detail = revoked
    ? `Removed ${dayFormat.format(new Date(device.revokedAt!))} — it can no longer sync`
    : [
        device.online ? `Online${device.transport ? ` (${device.transport === 'lan' ? 'local network' : 'internet'})` : ''}` : 'Offline',
        device.lastSyncedAt ? `last synced ${agoText(device.lastSyncedAt, now)}` : 'not synced yet',
        ...(device.newerKith ? ['uses a newer Kith: its edits wait here'] : []),
        `paired ${dayFormat.format(new Date(device.addedAt))}`,
      ].join(' · ');
  return (
    <li className={`followup device-row device-${state}`} data-testid="device" data-state={state}>
      <span className="status-dot" aria-hidden="true" />
      <div className="followup-text">
        <span className="row-name">{device.name}</span>
        <span className="muted">{detail}</span>
        <FieldError message={error} />
      </div>
      {revoked ? null : confirming ? (
        <span className="confirm">
          Remove it? It stops syncing at once, for good.
          <button
            type="button"
            className="button button-danger"
            onClick={() =>
              api.revokeDevice(device.publicKey).then(
                () => setConfirming(false),
                (problem: unknown) => setError(messageOf(problem)),
              )
            }
          >
            Remove
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
          Remove…
        </button>
      )}
    </li>
  );
}

function PairPanel({ api, state, onClose }: { api: Api; state: DevicesState | null; onClose(): void }) {
  const now = useNow(1000);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<'short' | 'long' | null>(null);

  const make = () => {
    setError(null);
    setCopied(null);
    setInvitation(null);
    api.createInvitation().then(setInvitation, (problem: unknown) => setError(messageOf(problem)));
  };
  useEffect(() => {
    let live = true;
    api.createInvitation().then(
      (made) => live && setInvitation(made),
      (problem: unknown) => live && setError(messageOf(problem)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const copy = (which: 'short' | 'long', code: string) =>
    navigator.clipboard.writeText(code).then(
      () => setCopied(which),
      () => setError('Copying was not allowed; select the code and copy it by hand.'),
    );

  // The host says when the code was used (by which device) or closed after wrong tries.
  const status = invitation ? state?.invitations.find((entry) => entry.id === invitation.id) : undefined;
  const left = invitation ? Math.max(0, Date.parse(invitation.expiresAt) - now.getTime()) : 0;
  const expired = invitation !== null && (left === 0 || status?.state === 'expired');
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const pairedWith = status?.usedBy ? (state?.devices.find((device) => device.publicKey === status.usedBy)?.name ?? 'a new device') : null;

  let body: ReactNode;
  if (!invitation) {
    body = error ? null : <p className="muted">Making a code…</p>;
  } else if (status?.state === 'used') {
    body = (
      <div className="pair-done" role="status" data-testid="invitation-used">
        <p>
          <Icon name="check" size={16} />
          <span>
            Paired with <strong>{pairedWith}</strong>. The code is used up; the two devices now keep the same network.
          </span>
        </p>
        <span className="pair-actions">
          <button type="button" className="button" onClick={make}>
            Pair another device
          </button>
        </span>
      </div>
    );
  } else if (status?.state === 'closed') {
    body = (
      <div className="pair-done" role="status" data-testid="invitation-closed">
        <p className="field-error">Someone typed a wrong code five times, so this one was closed and can no longer be used.</p>
        <span className="pair-actions">
          <button type="button" className="button button-primary" onClick={make}>
            Make a new code
          </button>
        </span>
      </div>
    );
  } else {
    const expiry = (
      <span className={expired ? 'field-error' : 'muted'} data-testid="invitation-expiry">
        {expired ? 'Expired' : `Expires in ${minutes}:${String(seconds).padStart(2, '0')}`}
      </span>
    );
    body = (
      <>
        {invitation.shortCode ? (
          <div className="pair-short">
            <span className="pair-label">On this network</span>
            <code className="pair-short-code" data-testid="invitation-short-code" aria-label="Short code">
              {invitation.shortCode}
            </code>
            <span className="pair-actions">
              <button type="button" className="button" onClick={() => copy('short', invitation.shortCode!)}>
                {copied === 'short' ? 'Copied' : 'Copy code'}
              </button>
              {expiry}
              {expired ? (
                <button type="button" className="button button-primary" onClick={make}>
                  Make a new code
                </button>
              ) : null}
            </span>
          </div>
        ) : null}
        <div className={invitation.shortCode ? 'pair-body pair-anywhere' : 'pair-body'}>
          <img className="pair-qr" src={invitation.qrDataUrl} alt="The invitation as a QR image" width={148} height={148} />
          <div className="pair-code-box">
            <span className="pair-label">{invitation.shortCode ? 'On another network' : 'The code'}</span>
            <p className="muted small">
              {invitation.shortCode
                ? 'When the other device is not on this network, scan the image or paste this long code there instead.'
                : 'Short codes work when LAN sync is on here; this long code works on any network.'}
            </p>
            <code className="pair-code" data-testid="invitation-code">
              {invitation.code}
            </code>
            <span className="pair-actions">
              <button type="button" className="button" onClick={() => copy('long', invitation.code)}>
                {copied === 'long' ? 'Copied' : invitation.shortCode ? 'Copy long code' : 'Copy code'}
              </button>
              {invitation.shortCode ? null : expiry}
              {expired && !invitation.shortCode ? (
                <button type="button" className="button button-primary" onClick={make}>
                  Make a new code
                </button>
              ) : null}
            </span>
          </div>
        </div>
      </>
    );
  }

  return (
    <section className="card pair-panel" aria-label="Pair a device" data-testid="pair-panel">
      <div className="card-title-row">
        <h2 className="card-title">Pair a device</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {status?.state === 'used' || status?.state === 'closed' ? null : (
        <p className="muted">
          On the other device, open Kith, choose <strong>Devices → Join with a code</strong>, and type this code. It works once,
          for 10 minutes.
        </p>
      )}
      <FieldError message={error} />
      {body}
    </section>
  );
}

function JoinPanel({ api, onClose }: { api: Api; onClose(): void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const [joined, setJoined] = useState<string | null>(null);
  const isShort = code.replace(/[\s-]/g, '').length === SHORT_CODE_LENGTH;

  const submit = (event: FormEvent | KeyboardEvent) => {
    event.preventDefault();
    if (!code.trim()) return setError('Type the code shown on the other device');
    if (joining) return;
    setJoining(true);
    setError(null);
    api.joinWithInvitation(code).then(
      (result) => {
        setJoining(false);
        if (result.ok) setJoined(result.inviter.name);
        else setError(result.message);
      },
      (problem: unknown) => {
        setJoining(false);
        setError(messageOf(problem));
      },
    );
  };

  return (
    <form className="card add-form" aria-label="Join with a code" onSubmit={submit} noValidate>
      <div className="card-title-row">
        <h2 className="card-title">Join with a code</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {joined ? (
        <p role="status" data-testid="joined">
          Paired with {joined}. Your networks are now one, and stay in sync.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="join-code">Code from the other device</label>
            <textarea
              id="join-code"
              rows={2}
              className="code-input"
              placeholder="4F7K-Q2MX-9HDR"
              autoFocus
              spellCheck={false}
              autoCapitalize="characters"
              autoComplete="off"
              aria-describedby="join-code-hint"
              value={code}
              aria-invalid={error ? true : undefined}
              onChange={(event) => {
                setCode(event.target.value);
                setError(null);
              }}
              onKeyDown={(event) => {
                // A code has no line breaks: Enter joins.
                if (event.key === 'Enter' && !event.shiftKey) submit(event);
              }}
            />
            <span id="join-code-hint" className="muted small">
              The 12-character code when both devices are on the same network; the long code (pasted) from anywhere.
            </span>
            <FieldError message={error} />
          </div>
          <p className="muted small">
            Joining merges this device’s network with the other one’s: nothing on either is lost.
          </p>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={joining}>
              {joining ? (isShort ? 'Looking for the other device…' : 'Joining…') : 'Join'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function ConnectByAddress({ api }: { api: Api }) {
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    api.connectAddress(address).then(
      (result) =>
        setMessage(result.ok ? { ok: true, text: 'Connected.' } : { ok: false, text: result.message }),
      (problem: unknown) => setMessage({ ok: false, text: messageOf(problem) }),
    );
  };
  return (
    <form className="card" aria-label="Connect by address" onSubmit={submit} noValidate>
      <h2 className="card-title">Connect by address</h2>
      <p className="muted small">When a paired device on this network is not found by itself, type the address it shows under This device.</p>
      <div className="field picker-row">
        <input
          aria-label="Address"
          placeholder="192.168.1.20:47000"
          value={address}
          onChange={(event) => setAddress(event.target.value)}
        />
        <button type="submit" className="button">
          Connect
        </button>
      </div>
      {message ? (
        message.ok ? (
          <p className="muted" role="status">
            {message.text}
          </p>
        ) : (
          <FieldError message={message.text} />
        )
      ) : null}
    </form>
  );
}
