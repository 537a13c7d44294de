import { Icon, type IconName } from './ui/icons';
import { MOD_LABEL } from './ui/keys';
import { memo, useSyncExternalStore } from 'react';
import type { DocStore, StoreStatus } from './doc/store';

export interface ViewInfo {
  id: 'people' | 'map' | 'notes' | 'followups' | 'insights' | 'devices' | 'me' | 'trash' | 'duplicates' | 'settings' | 'data';
  label: string;
  icon: IconName;
  /** What the view is for, in a sentence. */
  purpose: string;
}
export type ViewId = ViewInfo['id'];

export const VIEWS: readonly ViewInfo[] = [
  { id: 'people', label: 'People', icon: 'people', purpose: 'Everyone in your network.' },
  {
    id: 'map',
    label: 'Map',
    icon: 'map',
    purpose:
      'See your network as a map: who knows whom, which circles you span, and who can introduce you. Drag from one person to another to link them.',
  },
  {
    id: 'notes',
    label: 'Notes',
    icon: 'notes',
    purpose: 'Write down what matters right after a call or coffee — offline, and linked to the people who were there.',
  },
  {
    id: 'followups',
    label: 'Follow-ups',
    icon: 'followups',
    purpose:
      'What you promised, what you are owed, requests waiting for an answer within 36 hours, and who is due a hello.',
  },
  {
    id: 'insights',
    label: 'Insights',
    icon: 'insights',
    purpose: 'Who in your network should meet, how broad and diverse it is, and which ties are going quiet.',
  },
  {
    id: 'devices',
    label: 'Devices',
    icon: 'devices',
    purpose: 'Pair your laptop and desktop so they hold the same network — directly, with no server and no account.',
  },
];

/** Reached from the foot of the sidebar and the command palette. */
export const OTHER_VIEWS: readonly ViewInfo[] = [
  { id: 'me', label: 'My profile', icon: 'user', purpose: 'What Kith compares with each person.' },
  { id: 'trash', label: 'Trash', icon: 'trash', purpose: 'People, notes and asks you removed.' },
  { id: 'settings', label: 'Settings', icon: 'settings', purpose: 'Reminders and how this device works.' },
  { id: 'data', label: 'Import and export', icon: 'transfer', purpose: 'Bring contacts in from other apps; export or back up everything.' },
];

/** Reached from the view that offers them and from the command palette. */
export const LINKED_VIEWS: readonly ViewInfo[] = [
  { id: 'duplicates', label: 'Possible duplicates', icon: 'people', purpose: 'People entered twice.' },
];

const SAVE_TEXT: Record<StoreStatus['save'], { text: string; icon: IconName }> = {
  saved: { text: 'All changes saved', icon: 'check' },
  saving: { text: 'Saving…', icon: 'check' },
  // While the host is away, edits are kept by this window's own store (IndexedDB) and reach the host when it is back.
  offline: { text: 'Host offline — saved on this computer', icon: 'cloudOff' },
  'offline-saving': { text: 'Host offline — saving on this computer…', icon: 'cloudOff' },
  error: { text: 'Not saved', icon: 'alert' },
};

interface SidebarProps {
  current: ViewId;
  onSelect(view: ViewId): void;
  store: DocStore;
}

export const Sidebar = memo(function Sidebar({ current, onSelect, store }: SidebarProps) {
  const status = useSyncExternalStore(store.subscribe, store.getStatus);
  const save = SAVE_TEXT[status.save];
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          k
        </span>
        Kith
      </div>
      <ul className="nav">
        {VIEWS.map((view, index) => (
          <li key={view.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.id === current ? 'page' : undefined}
              onClick={() => onSelect(view.id)}
              title={`${view.label} (${MOD_LABEL}+${index + 1})`}
            >
              <Icon name={view.icon} />
              <span>{view.label}</span>
              <kbd className="nav-key">{index + 1}</kbd>
            </button>
          </li>
        ))}
      </ul>
      <ul className="nav nav-foot">
        {OTHER_VIEWS.map((view) => (
          <li key={view.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.id === current ? 'page' : undefined}
              onClick={() => onSelect(view.id)}
            >
              <Icon name={view.icon} />
              <span>{view.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className={`save-state save-${status.save}`} role="status" data-testid="save-state" title={status.error ?? undefined}>
        <Icon name={save.icon} size={14} />
        <span>{save.text}</span>
      </div>
    </nav>
  );
});
