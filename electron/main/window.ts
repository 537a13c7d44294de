/**
 * The main window's options. The renderer is untrusted web content: it runs
 * sandboxed, isolated from the preload, without Node, and reaches the host
 * only through `window.kith`.
 */
import type { BrowserWindowConstructorOptions, MessageBoxSyncOptions } from 'electron';

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

/**
 * Asked when the window refuses to close (its `beforeunload`, renderer
 * hold-unload.ts): it does so only while it writes an import or a restore,
 * and closing then leaves part of it in this window's copy.
 */
export const CLOSE_WHILE_WRITING: MessageBoxSyncOptions = {
  type: 'warning',
  buttons: ['Keep Kith open', 'Close anyway'],
  defaultId: 0,
  cancelId: 0,
  title: 'Kith is still writing',
  message: 'Kith is still writing a change into your network.',
  detail: 'It takes a few seconds more. Closing now leaves part of it in your network; waiting keeps it whole.',
};

/** Whether the answer to CLOSE_WHILE_WRITING lets the window close. */
export function closesAnyway(response: number): boolean {
  return CLOSE_WHILE_WRITING.buttons![response] === 'Close anyway';
}
