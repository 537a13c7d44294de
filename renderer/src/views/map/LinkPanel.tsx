import { useCallback, useState } from 'react';
import type * as Y from 'yjs';
import { LINK_KINDS, deleteLink, getLink, updateLink, type LinkKind } from '../../../../shared/doc/links';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { EditableField } from '../../ui/EditableField';
import { FieldError } from '../../ui/FieldError';
import { saveWith } from '../PersonDetail';
import { LINK_KIND_LABELS } from './LinkPopover';

const ROOTS = ['links'] as const;

interface LinkPanelProps {
  doc: Y.Doc;
  linkId: string;
  nameOf(id: string): string;
  onClose(): void;
}

/** The selected link: change what it means and how strong it is, or delete it (Ctrl/⌘+Z brings it back). */
export function LinkPanel({ doc, linkId, nameOf, onClose }: LinkPanelProps) {
  const read = useCallback((current: Y.Doc) => getLink(current, linkId), [linkId]);
  const link = useDocValue(doc, ROOTS, read);
  const [error, setError] = useState<string | null>(null);
  if (!link || link.deletedAt) return null;

  const save = (field: 'kind' | 'label' | 'strength', value: unknown) => {
    const problem = saveWith(() => updateLink(doc, link.id, field, value, LOCAL_UI));
    setError(problem);
    return problem;
  };

  return (
    <aside className="side-panel card" aria-label="Link" data-testid="link-panel">
      <h3>Link</h3>
      <p>
        <strong>{nameOf(link.from)}</strong> and <strong>{nameOf(link.to)}</strong>
      </p>
      <div className="field">
        <label htmlFor="edit-link-kind">How they are linked</label>
        <select id="edit-link-kind" value={link.kind} onChange={(event) => save('kind', event.target.value as LinkKind)}>
          {LINK_KINDS.map((value) => (
            <option key={value} value={value}>
              {LINK_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <EditableField label="Label" value={link.label} placeholder="Optional" onCommit={(value) => save('label', value)} />
      <div className="field">
        <label htmlFor="edit-link-strength">Strength: {link.strength} of 5</label>
        <input
          id="edit-link-strength"
          type="range"
          min={1}
          max={5}
          value={link.strength}
          onChange={(event) => save('strength', Number(event.target.value))}
        />
      </div>
      <FieldError message={error} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            if (!saveWith(() => deleteLink(doc, link.id, LOCAL_UI))) onClose();
          }}
        >
          Delete link
        </button>
      </div>
    </aside>
  );
}
