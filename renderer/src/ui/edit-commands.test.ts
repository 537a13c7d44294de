import { describe, expect, it, vi } from 'vitest';
import { runEditCommand, type EditActions } from './edit-commands';

function actions() {
  const app = { undo: vi.fn(), redo: vi.fn() };
  const text = vi.fn();
  return { app, text, all: { app, text } satisfies EditActions };
}

describe('runEditCommand (Edit ▸ Undo/Redo from the menu)', () => {
  it('undoes and redoes Kith\'s own edits when no text field has focus', () => {
    const { app, text, all } = actions();
    expect(runEditCommand('undo', { typing: false, editor: null }, all)).toBe('app');
    expect(runEditCommand('redo', { typing: false, editor: null }, all)).toBe('app');
    expect(app.undo).toHaveBeenCalledOnce();
    expect(app.redo).toHaveBeenCalledOnce();
    expect(text).not.toHaveBeenCalled();
  });

  it('undoes the text being typed in a text field, and not a Kith edit', () => {
    const { app, text, all } = actions();
    expect(runEditCommand('undo', { typing: true, editor: null }, all)).toBe('text');
    expect(runEditCommand('redo', { typing: true, editor: null }, all)).toBe('text');
    expect(text.mock.calls).toEqual([['undo'], ['redo']]);
    expect(app.undo).not.toHaveBeenCalled();
    expect(app.redo).not.toHaveBeenCalled();
  });

  it('uses the note editor\'s own undo in rich text', () => {
    const { app, text, all } = actions();
    const editor = { commands: { undo: vi.fn(() => true), redo: vi.fn(() => true) } };
    expect(runEditCommand('undo', { typing: true, editor }, all)).toBe('editor');
    expect(runEditCommand('redo', { typing: true, editor }, all)).toBe('editor');
    expect(editor.commands.undo).toHaveBeenCalledOnce();
    expect(editor.commands.redo).toHaveBeenCalledOnce();
    expect(text).not.toHaveBeenCalled();
    expect(app.undo).not.toHaveBeenCalled();
  });
});
