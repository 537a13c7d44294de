import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { format } from 'date-fns';
import type { Editor } from '@tiptap/react';
import {
  editableBody,
  getNote,
  touchNote,
  updateNoteMeta,
  type Note,
  NOTE_KIND_LABELS,
  type NoteKind,
} from '../../../../shared/doc/notes';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI, NOTE_EDITOR } from '../../../../shared/doc/origins';
import { NoteEditor } from '../../ui/NoteEditor';
import { PersonPicker } from '../../ui/PersonPicker';
import { FieldError } from '../../ui/FieldError';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/icons';
import { saveWith } from '../../doc/save';
import { DATE_TIME_EXAMPLE } from '../../ui/dates';

/**
 * The kinds a note can be set to on its page: a conversation, or help that went one way or the other
 * ("Grace reviewed my deck"), which then shows in Give and receive. Shares and hellos keep their kind.
 */
export const LOGGABLE_KINDS: readonly NoteKind[] = ['call', 'meeting', 'coffee', 'message', 'note', 'received', 'gave'];

/** The kinds' names, for the lists that show notes. */
export const KIND_LABELS = NOTE_KIND_LABELS;

/** How long typing must pause before the note's "edited" time is written. */
const SETTLE_MS = 600;

const listFormat = new Intl.ListFormat(undefined, { type: 'conjunction' });
const listNames = (names: readonly string[]) => listFormat.format(names);

const localInput = (iso: string) => (Number.isNaN(Date.parse(iso)) ? '' : format(new Date(iso), "yyyy-MM-dd'T'HH:mm"));

interface NotePageProps {
  doc: Y.Doc;
  note: Note;
  people: Person[];
  /** Put the caret in the text at once (a call just logged). */
  autoFocus: boolean;
  onOpenPerson(id: string): void;
  onTrash(note: Note): void;
  /** Names of this person's other devices that have this note open now. */
  openElsewhere?: readonly string[];
  /** Panels under the text: commitments from this note and suggested ones. */
  children?: ReactNode;
}

export function NotePage({ doc, note, people, autoFocus, onOpenPerson, onTrash, openElsewhere = [], children }: NotePageProps) {
  const body = useMemo(() => editableBody(doc, note.id, NOTE_EDITOR), [doc, note.id]);
  const [atError, setAtError] = useState<string | null>(null);
  const [atDraft, setAtDraft] = useState<string | null>(null);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const byId = useMemo(() => new Map(people.map((person) => [person.id, person])), [people]);
  const present = note.contactIds.map((id) => byId.get(id)).filter((person): person is Person => Boolean(person));
  const missing = note.contactIds.length - present.length;
  const contactKey = note.contactIds.join();
  const others = useMemo(() => {
    const on = new Set(contactKey.split(','));
    return people.filter((person) => !on.has(person.id));
  }, [people, contactKey]);
  // Mentioned is not with: someone @-mentioned stays off "who was there" unless added to it.
  const mentioned = note.mentionIds
    .filter((id) => !note.contactIds.includes(id))
    .map((id) => byId.get(id))
    .filter((person): person is Person => Boolean(person));

  const settle = useCallback(() => {
    clearTimeout(settleTimer.current);
    settleTimer.current = undefined;
    // The note may be gone: an empty call is discarded as its page closes.
    if (!getNote(doc, note.id)) return;
    touchNote(doc, note.id, NOTE_EDITOR);
  }, [doc, note.id]);

  // Write what is pending when the page closes.
  useEffect(
    () => () => {
      if (settleTimer.current !== undefined) settle();
    },
    [settle],
  );

  const onChange = useCallback(
    (_editor: Editor) => {
      clearTimeout(settleTimer.current);
      settleTimer.current = setTimeout(settle, SETTLE_MS);
    },
    [settle],
  );

  const setKind = (kind: NoteKind) => saveWith(() => updateNoteMeta(doc, note.id, { kind }, LOCAL_UI));
  // A refused time stays in the field with the reason; only a saved one gives way to the note's time.
  const commitAt = (value: string) => {
    const settled = (problem: string | null) => {
      setAtError(problem);
      if (!problem) setAtDraft(null);
    };
    if (value === localInput(note.at)) return settled(null);
    const parsed = new Date(value);
    if (value === '' || Number.isNaN(parsed.getTime())) {
      return settled(`Give the date and time of the conversation, such as ${DATE_TIME_EXAMPLE}`);
    }
    settled(saveWith(() => updateNoteMeta(doc, note.id, { at: parsed.toISOString() }, LOCAL_UI)));
  };
  const addPerson = (personId: string) =>
    saveWith(() => updateNoteMeta(doc, note.id, { contactIds: [...note.contactIds, personId] }, LOCAL_UI));
  const removePerson = (personId: string) =>
    saveWith(() => updateNoteMeta(doc, note.id, { contactIds: note.contactIds.filter((id) => id !== personId) }, LOCAL_UI));

  const kinds = LOGGABLE_KINDS.includes(note.kind) ? LOGGABLE_KINDS : [...LOGGABLE_KINDS, note.kind];

  return (
    <article className="detail note-page" aria-label={`${KIND_LABELS[note.kind]} note`} data-testid="note-page">
      <div className="note-meta">
        <div className="segmented" role="radiogroup" aria-label="Kind">
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              role="radio"
              aria-checked={note.kind === kind}
              className="segment"
              onClick={() => setKind(kind)}
            >
              {KIND_LABELS[kind]}
            </button>
          ))}
        </div>
        <div className="field note-when">
          <label htmlFor="note-at">When</label>
          <input
            id="note-at"
            type="datetime-local"
            value={atDraft ?? localInput(note.at)}
            aria-invalid={atError ? true : undefined}
            onChange={(event) => setAtDraft(event.target.value)}
            onBlur={(event) => commitAt(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitAt(event.currentTarget.value);
            }}
          />
          <FieldError message={atError} />
        </div>
      </div>

      <div className="note-people" aria-label="Who was there">
        <span className="note-people-label muted">With</span>
        {present.map((person) => (
          <span key={person.id} className="person-chip">
            <button type="button" className="person-chip-name" onClick={() => onOpenPerson(person.id)}>
              <Avatar id={person.id} name={person.name} size={20} />
              <span data-testid="note-person">{person.name}</span>
            </button>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${person.name} from this note`}
              onClick={() => removePerson(person.id)}
            >
              ×
            </button>
          </span>
        ))}
        {missing > 0 ? <span className="muted">and {missing} in the Trash</span> : null}
        <PersonPicker
          label="Add someone who was there"
          people={others}
          value=""
          onCommit={addPerson}
          placeholder={present.length ? 'Add someone…' : 'Who was there?'}
          testId="note-add-person"
        />
      </div>
      {mentioned.length > 0 ? (
        <div className="note-people" aria-label="Mentioned" data-testid="note-mentioned">
          <span className="note-people-label muted">Mentioned</span>
          {mentioned.map((person) => (
            <span key={person.id} className="person-chip person-chip-mentioned">
              <button type="button" className="person-chip-name" onClick={() => onOpenPerson(person.id)}>
                <Avatar id={person.id} name={person.name} size={20} />
                <span data-testid="note-mentioned-person">{person.name}</span>
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={`${person.name} was there too`}
                title="Add to who was there"
                onClick={() => addPerson(person.id)}
              >
                +
              </button>
            </span>
          ))}
        </div>
      ) : null}
      {present.length === 0 ? (
        <p className="hint">Add who was there, so this note shows on their page. Someone you @-mention gets a link to it.</p>
      ) : null}

      {openElsewhere.length > 0 ? (
        <p className="presence-line" role="status" data-testid="note-open-elsewhere">
          <span className="presence-dot" aria-hidden="true" />
          <span>
            Also open on <strong>{listNames(openElsewhere)}</strong> — what is typed there shows here as it is typed.
          </span>
        </p>
      ) : null}

      <NoteEditor
        key={note.id}
        body={body}
        people={people}
        autoFocus={autoFocus}
        onChange={onChange}
        label="Note text"
        placeholder="What did you talk about? What matters to them? What did you promise? Type @ to mention someone."
      />

      {children}

      <footer className="detail-footer">
        <span className="muted">Saved as you type · works offline</span>
        <button type="button" className="button button-quiet" onClick={() => onTrash(note)}>
          <Icon name="trash" size={16} />
          Delete note
        </button>
      </footer>
    </article>
  );
}
