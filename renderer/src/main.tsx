import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { connectToHost, type HostConnection } from './host/connection';
import { DocStore } from './doc/store';
import { App } from './App';
import type { AppInfo } from '../../shared/host/contract';
import { startReminderNotifications } from './host/reminders';
import { OPEN_PERSON_EVENT } from './ui/keys';

/** The host's facts, asked for once the link is up (browser mode connects asynchronously). */
function appInfoWhenConnected(connection: HostConnection): Promise<AppInfo> {
  return new Promise((resolve, reject) => {
    let asked = false;
    const stop = connection.onState((state) => {
      if (state !== 'connected' || asked) return;
      asked = true;
      connection.api.appInfo().then(resolve, reject);
      queueMicrotask(() => stop());
    });
  });
}

function showBootError(message: string): void {
  const root = document.getElementById('root')!;
  root.innerHTML = '';
  const box = document.createElement('div');
  box.className = 'boot-error';
  const title = document.createElement('h1');
  title.textContent = 'Kith could not open';
  const text = document.createElement('p');
  text.textContent = message;
  box.append(title, text);
  root.append(box);
}

async function boot(): Promise<void> {
  const connection = connectToHost();
  const slow = setTimeout(
    () => showBootError('Kith’s host is not answering. Start Kith again with “npm start”; this window will connect when it is back.'),
    8000,
  );
  const info = await appInfoWhenConnected(connection);
  performance.mark('kith:host-connected');
  clearTimeout(slow);
  const store = new DocStore(info, connection);
  // Listen before the first render, so no reminder sent to this window goes unheard.
  startReminderNotifications(connection.api, {
    mode: info.mode,
    onOpenPerson: (personId) => window.dispatchEvent(new CustomEvent(OPEN_PERSON_EVENT, { detail: personId })),
  });
  document.getElementById('root')!.replaceChildren();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App store={store} api={connection.api} />
    </StrictMode>,
  );
}

boot().catch((error: Error) => showBootError(error.message));
