/**
 * The application menu. Built from plain options so tests can check what a
 * packaged build offers (no dev tools) without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/host/contract';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Packaged builds have no developer tools. */
  isPackaged: boolean;
  /** `npm run dev`: reloading the page picks up a rebuilt renderer. */
  isDev: boolean;
  onAbout: () => void;
  /** File ▸ Import contacts…: the page opens its import dialog. */
  onImport: () => void;
  /** Edit ▸ Undo/Redo: the page runs them (the `menuCommand` event), since only it knows whether a text field has focus. */
  onCommand: (command: MenuCommand) => void;
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

  /*
   * Undo and Redo are the page's to run: the text's own undo in a text field,
   * Kith's undo of whole edits elsewhere. The keys reach the page first, which
   * handles them (App.tsx's keydown; the note editor's own undo). Only macOS
   * needs the accelerator registered: there a text field's ⌘Z goes to the menu
   * when the page leaves it, and the page then runs the text's undo. Elsewhere
   * a registered accelerator would undo a second time, so it is only shown.
   */
  const editCommand = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: mac,
    click: () => options.onCommand(command),
  });

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
        editCommand('Undo', 'CmdOrCtrl+Z', 'undo'),
        editCommand('Redo', mac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y', 'redo'),
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
