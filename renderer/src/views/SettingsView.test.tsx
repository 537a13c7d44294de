import { describe, expect, it, vi } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { defaultSettings } from '../../../shared/host/contract';
import { SettingsView, StartAtLoginSwitch, type SettingsViewProps } from './SettingsView';

// No DOM here: this renders the first frame only (effects do not run), which is enough to catch a view that cannot render.
const api: SettingsViewProps['api'] = {
  getSettings: vi.fn(async () => defaultSettings()),
  setSettings: vi.fn(async () => defaultSettings()),
  onSettingsChanged: vi.fn(() => () => undefined),
};

describe('SettingsView', () => {
  it('opens on a Reminders section that loads the settings', () => {
    const html = renderToStaticMarkup(<SettingsView api={api} mode="electron" />);
    expect(html).toContain('<h1 id="settings-title">Settings</h1>');
    expect(html).toContain('Reminders');
    expect(html).toContain('Loading…');
    expect(html).toContain('desktop notifications');
  });

  it('in browser mode, says whether the browser can show notifications', () => {
    const html = renderToStaticMarkup(<SettingsView api={api} mode="browser" />);
    expect(html).toContain('This browser cannot show notifications');
  });

  it('offers Start Kith when I log in, off by default, and shows it on when it is', () => {
    const off = renderToStaticMarkup(<StartAtLoginSwitch api={api} settings={defaultSettings()} onSaved={() => undefined} />);
    expect(off).toContain('Start Kith when I log in');
    expect(off).not.toContain('checked');
    const settings = { ...defaultSettings(), desktop: { openAtLogin: true } };
    const on = renderToStaticMarkup(<StartAtLoginSwitch api={api} settings={settings} onSaved={() => undefined} />);
    expect(on).toContain('checked=""');
  });
});
