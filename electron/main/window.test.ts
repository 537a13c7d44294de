import { describe, expect, it } from 'vitest';
import { BACKGROUND_COLORS, CLOSE_WHILE_WRITING, closesAnyway, windowOptions } from './window';

describe('windowOptions', () => {
  const options = windowOptions('/app/dist/electron/preload.cjs', 'light');
  const web = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and <webview> off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
  });

  it('checks spelling', () => {
    expect(web.spellcheck).toBe(true);
  });

  it('opens hidden at a sensible size, titled Kith', () => {
    expect(options).toMatchObject({ title: 'Kith', width: 1200, height: 800, minWidth: 900, minHeight: 600, show: false });
  });

  it('paints the background of the theme it is given', () => {
    expect(options.backgroundColor).toBe(BACKGROUND_COLORS.light);
    expect(windowOptions('/p', 'dark').backgroundColor).toBe(BACKGROUND_COLORS.dark);
    expect(BACKGROUND_COLORS.dark).not.toBe(BACKGROUND_COLORS.light);
  });
});

describe('closing while Kith writes', () => {
  it('keeps the window open unless "Close anyway" is chosen; Escape keeps it open', () => {
    expect(closesAnyway(CLOSE_WHILE_WRITING.buttons!.indexOf('Close anyway'))).toBe(true);
    expect(closesAnyway(CLOSE_WHILE_WRITING.buttons!.indexOf('Keep Kith open'))).toBe(false);
    expect(closesAnyway(CLOSE_WHILE_WRITING.cancelId!)).toBe(false);
    expect(closesAnyway(CLOSE_WHILE_WRITING.defaultId!)).toBe(false);
  });
});
