import { useCallback, useState } from 'react';
import type * as Y from 'yjs';
import { deleteLink, getLink, updateLink } from '../../../../shared/doc/links';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { EditableField } from '../../ui/EditableField';
import { FieldError } from '../../ui/FieldError';
import { saveWith } from '../../doc/save';
import { LinkKindField, StrengthField } from './LinkFields';

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
      <LinkKindField value={link.kind} onChange={(kind) => save('kind', kind)} />
      <EditableField label="Label" value={link.label} placeholder="Optional" onCommit={(value) => save('label', value)} />
      <StrengthField value={link.strength} onChange={(strength) => save('strength', strength)} />
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
