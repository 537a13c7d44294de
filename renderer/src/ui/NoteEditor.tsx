/**
 * The rich-text editor of a note: TipTap bound to the note's body in the
 * document (Y.XmlFragment, through TipTap's Yjs binding), so every keystroke
 * is saved as typed and edits of one note on two devices merge.
 *
 * Markdown-style shortcuts come with StarterKit (`# `, `- `, `1. `, `> `,
 * **bold**, _italic_), links are detected as typed, and `@` mentions a
 * person from the network: a link in the text, not a claim that they were
 * there (the note page lists them apart).
 */
import { useEffect, useState } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import Mention from '@tiptap/extension-mention';
import { Placeholder } from '@tiptap/extensions';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import type * as Y from 'yjs';
import type { Person } from '../../../shared/doc/people';
import { foldText } from '../../../shared/analytics/normalize';
import { Avatar } from './Avatar';

export interface MentionItem {
  id: string;
  label: string;
  sub: string;
}

interface NoteEditorProps {
  body: Y.XmlFragment;
  /** People who can be @-mentioned. */
  people: Person[];
  placeholder?: string;
  autoFocus?: boolean;
  /** Called after each change of the text, with the editor (for reading mentions). */
  onChange?(editor: Editor): void;
  label: string;
}

const MAX_MENTIONS = 8;

/** People whose name (or organisation) starts a word with what was typed after `@`. */
export function mentionCandidates(people: readonly Person[], query: string): MentionItem[] {
  const needle = foldText(query).trim();
  const scored: { item: MentionItem; rank: number }[] = [];
  for (const person of people) {
    const name = foldText(person.name);
    const rank = needle === '' ? 2 : name.startsWith(needle) ? 0 : name.includes(` ${needle}`) ? 1 : foldText(person.org).startsWith(needle) ? 2 : -1;
    if (rank < 0) continue;
    scored.push({ item: { id: person.id, label: person.name, sub: person.org }, rank });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.item.label.localeCompare(b.item.label))
    .slice(0, MAX_MENTIONS)
    .map((entry) => entry.item);
}

interface MentionMenu {
  items: MentionItem[];
  active: number;
  rect: DOMRect | null;
  command(item: MentionItem): void;
}

/**
 * What the mention suggestion reads and drives, outside React's render: the
 * people to offer and the menu to show. The editor is created once per note
 * body, so it reads the latest people through this rather than a closure.
 */
class MentionSource {
  people: readonly Person[] = [];
  menu: MentionMenu | null = null;
  show: (menu: MentionMenu | null) => void = () => {};
  onChange: ((editor: Editor) => void) | undefined;

  /** Takes the latest props after each render. */
  update(people: readonly Person[], show: (menu: MentionMenu | null) => void, onChange?: (editor: Editor) => void): void {
    this.people = people;
    this.show = show;
    this.onChange = onChange;
  }

  setMenu(menu: MentionMenu | null): void {
    this.menu = menu;
    this.show(menu);
  }

  suggestion() {
    return {
      char: '@',
      items: ({ query }: { query: string }) => mentionCandidates(this.people, query),
      render: () => {
        const show = (props: SuggestionProps<MentionItem>) => {
          const current = this.menu;
          this.setMenu({
            items: props.items,
            active: current && current.items.length === props.items.length ? Math.min(current.active, props.items.length - 1) : 0,
            rect: props.clientRect?.() ?? null,
            command: (item) => props.command({ id: item.id, label: item.label }),
          });
        };
        return {
          onStart: show,
          onUpdate: show,
          onExit: () => this.setMenu(null),
          onKeyDown: ({ event }: SuggestionKeyDownProps) => {
            const current = this.menu;
            if (!current || current.items.length === 0) return false;
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              const step = event.key === 'ArrowDown' ? 1 : -1;
              this.setMenu({ ...current, active: (current.active + step + current.items.length) % current.items.length });
              return true;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              current.command(current.items[current.active]!);
              return true;
            }
            if (event.key === 'Escape') {
              this.setMenu(null);
              return true;
            }
            return false;
          },
        };
      },
    };
  }
}

export function NoteEditor({ body, people, placeholder, autoFocus, onChange, label }: NoteEditorProps) {
  const [source] = useState(() => new MentionSource());
  const [menu, setMenu] = useState<MentionMenu | null>(null);

  useEffect(() => source.update(people, setMenu, onChange), [source, people, onChange]);

  const editor = useEditor(
    {
      // Kith's CSP allows no inline <style>; the editor's few rules are in styles.css.
      injectCSS: false,
      autofocus: autoFocus ? 'end' : false,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox', class: 'note-prose' },
      },
      extensions: [
        StarterKit.configure({
          // The Yjs binding brings its own undo, which knows about edits from other devices.
          undoRedo: false,
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https', HTMLAttributes: { rel: 'noopener noreferrer' } },
        }),
        Collaboration.configure({ fragment: body }),
        Placeholder.configure({ placeholder: placeholder ?? 'Write…' }),
        Mention.configure({
          HTMLAttributes: { class: 'mention' },
          renderText: ({ node }) => `@${String(node.attrs.label ?? '')}`,
          suggestion: source.suggestion(),
        }),
      ],
      onUpdate: ({ editor: current }) => source.onChange?.(current),
    },
    [body],
  );

  useEffect(() => () => setMenu(null), [body]);

  return (
    <div className="note-editor" data-testid="note-editor">
      <EditorContent editor={editor} />
      {menu && menu.rect ? (
        <ul
          className="mention-menu"
          role="listbox"
          aria-label="People to mention"
          style={{ left: menu.rect.left, top: menu.rect.bottom + 4 }}
        >
          {menu.items.length === 0 ? (
            <li className="mention-empty muted">No one by that name</li>
          ) : (
            menu.items.map((item, index) => (
              <li
                key={item.id}
                role="option"
                aria-selected={index === menu.active}
                className="mention-option"
                onMouseDown={(event) => {
                  event.preventDefault();
                  menu.command(item);
                }}
              >
                <Avatar id={item.id} name={item.label} size={22} />
                <span>{item.label}</span>
                {item.sub ? <span className="muted">{item.sub}</span> : null}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
