/**
 * Edit ▸ Undo and Redo from Electron's menu (the `menuCommand` event). The
 * menu cannot know where focus is; the page does: in a text field they undo
 * the text being typed, everywhere else Kith's last whole edit (as ⌘Z/Ctrl+Z
 * does from the keyboard, App.tsx).
 */
type EditCommand = 'undo' | 'redo';

/** A TipTap editor's commands (its Yjs binding's undo, which knows about edits from other devices). */
interface TextEditor {
  commands: Record<EditCommand, () => boolean>;
}

/** Where focus is, as the command needs it. */
export interface EditFocus {
  /** A text field, a select or rich text has focus. */
  typing: boolean;
  /** The rich-text editor that has focus, if any: it keeps its own undo history, which the browser's does not reach. */
  editor: TextEditor | null;
}

export interface EditActions {
  /** Kith's undo of whole edits (the store's UndoManager). */
  app: { undo(): unknown; redo(): unknown };
  /** The browser's undo of the focused text field (document.execCommand). */
  text(command: EditCommand): unknown;
}

export function runEditCommand(command: EditCommand, focus: EditFocus, actions: EditActions): 'editor' | 'text' | 'app' {
  if (focus.editor) {
    focus.editor.commands[command]();
    return 'editor';
  }
  if (focus.typing) {
    actions.text(command);
    return 'text';
  }
  if (command === 'undo') actions.app.undo();
  else actions.app.redo();
  return 'app';
}

/** The rich-text editor that has focus now, if any. TipTap keeps its editor on its root element (`editor`). */
export function focusedTextEditor(): TextEditor | null {
  const active = document.activeElement;
  const root = active instanceof HTMLElement ? active.closest('.ProseMirror') : null;
  const editor = (root as (Element & { editor?: TextEditor }) | null)?.editor ?? null;
  return editor?.commands ? editor : null;
}
