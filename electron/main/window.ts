/**
 * The main window's options. The renderer is untrusted web content: it runs
 * sandboxed, isolated from the preload, without Node, and reaches the host
 * only through `window.kith`.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type Theme = 'light' | 'dark';

/**
 * Painted before the first frame, so the window does not flash white in dark
 * mode. Keep in step with the renderer's page background.
 */
export const BACKGROUND_COLORS: Record<Theme, string> = {
  light: '#f7f7f5',
  dark: '#17191c',
};

export function windowOptions(preloadPath: string, theme: Theme): BrowserWindowConstructorOptions {
  return {
    title: 'Kith',
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    // Shown on 'ready-to-show', so nobody sees an empty frame while the page loads.
    show: false,
    backgroundColor: BACKGROUND_COLORS[theme],
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Notes and names are typed by hand; misspellings are worth flagging.
      spellcheck: true,
    },
  };
}
