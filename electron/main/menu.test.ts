import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuOptions } from './menu';

const base: MenuOptions = { platform: 'linux', isPackaged: true, isDev: false, onAbout: () => undefined, onImport: () => undefined, onCommand: () => undefined };

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label || item.role === label);
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no ${label} menu`);
  return menu.submenu;
}

const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

describe('menuTemplate', () => {
  it('offers File › Quit and the standard Edit roles, Undo and Redo being the page\'s own', () => {
    const template = menuTemplate(base);
    expect(roles(submenu(template, 'File'))).toEqual(['quit']);
    // Undo/Redo are no roles: a role always undoes text, even where Kith's undo is meant.
    expect(roles(submenu(template, 'Edit'))).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('sends Edit › Undo and Redo to the page, which knows where focus is', () => {
    const onCommand = vi.fn();
    const edit = submenu(menuTemplate({ ...base, onCommand }), 'Edit');
    const undo = edit.find((item) => item.label === 'Undo');
    const redo = edit.find((item) => item.label === 'Redo');
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    expect(redo?.accelerator).toBe('CmdOrCtrl+Y');
    (undo?.click as () => void)();
    (redo?.click as () => void)();
    expect(onCommand.mock.calls).toEqual([['undo'], ['redo']]);
  });

  it('registers the Undo/Redo keys only on macOS, where a text field hands ⌘Z to the menu', () => {
    const linux = submenu(menuTemplate(base), 'Edit').find((item) => item.label === 'Undo');
    expect(linux?.registerAccelerator).toBe(false);
    const mac = submenu(menuTemplate({ ...base, platform: 'darwin' }), 'Edit');
    expect(mac.find((item) => item.label === 'Undo')?.registerAccelerator).toBe(true);
    expect(mac.find((item) => item.label === 'Redo')?.accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it('offers File › Import Contacts…, and calls back when it is chosen', () => {
    const onImport = vi.fn();
    const item = submenu(menuTemplate({ ...base, onImport }), 'File').find((entry) => entry.label === 'Import Contacts…');
    (item?.click as () => void)();
    expect(onImport).toHaveBeenCalledOnce();
  });

  it('has no reload or dev tools in a packaged build', () => {
    expect(roles(submenu(menuTemplate(base), 'View'))).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
  });

  it('has dev tools when not packaged, and reload only in dev', () => {
    const unpackaged = roles(submenu(menuTemplate({ ...base, isPackaged: false }), 'View'));
    expect(unpackaged).toContain('toggleDevTools');
    expect(unpackaged).not.toContain('reload');
    const dev = roles(submenu(menuTemplate({ ...base, isPackaged: false, isDev: true }), 'View'));
    expect(dev.slice(0, 2)).toEqual(['reload', 'toggleDevTools']);
  });

  it('puts About Kith in Help, and calls back when it is chosen', () => {
    const onAbout = vi.fn();
    const about = submenu(menuTemplate({ ...base, onAbout }), 'help').find((item) => item.label === 'About Kith');
    expect(about).toBeDefined();
    (about?.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('follows macOS conventions on darwin: app menu with About and Quit, File › Close', () => {
    const template = menuTemplate({ ...base, platform: 'darwin' });
    expect(template[0]?.label).toBe('Kith');
    const appMenu = submenu(template, 'Kith');
    expect(appMenu[0]?.label).toBe('About Kith');
    expect(roles(appMenu)).toContain('quit');
    expect(roles(submenu(template, 'File'))).toEqual(['close']);
    expect(template.some((item) => item.role === 'help')).toBe(false);
  });

  it('has no app menu elsewhere', () => {
    expect(menuTemplate(base)[0]?.label).toBe('File');
    expect(menuTemplate({ ...base, platform: 'win32' })[0]?.label).toBe('File');
  });
});
