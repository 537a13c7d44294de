/**
 * The application menu. Built from plain options so tests can check what a
 * packaged build offers (no dev tools) without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Packaged builds have no developer tools. */
  isPackaged: boolean;
  /** `npm run dev`: reloading the page picks up a rebuilt renderer. */
  isDev: boolean;
  onAbout: () => void;
  /** File ▸ Import contacts…: the page opens its import dialog. */
  onImport: () => void;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About Kith', click: options.onAbout };

  const appMenu: MenuItemConstructorOptions = {
    label: 'Kith',
    submenu: [
      about,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const help: MenuItemConstructorOptions = { role: 'help', submenu: [about] };

  const developer: MenuItemConstructorOptions[] = [
    ...(options.isDev ? [{ role: 'reload' } as const] : []),
    ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
  ];
  const view: MenuItemConstructorOptions[] = [
    ...developer,
    ...(developer.length > 0 ? [separator] : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen' },
  ];

  return [
    ...(mac ? [appMenu] : []),
    // On macOS, Quit lives in the app menu and File closes the window.
    {
      label: 'File',
      submenu: [
        { label: 'Import Contacts…', click: options.onImport },
        separator,
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        separator,
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    // On macOS, About lives in the app menu; an empty Help menu would be noise.
    ...(mac ? [] : [help]),
  ];
}
