import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { addAlias, listAliases, removeAlias } from '../../../shared/analytics/normalize';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { useDocValue } from '../doc/useDocValue';
import { saveWith } from '../doc/save';
import { FieldError } from '../ui/FieldError';

const ROOTS = ['aliases'] as const;
const userAliases = (doc: Y.Doc) => listAliases(doc).filter((entry) => entry.source === 'user');

/** Spellings that mean the same place, school or company ("MIT" and "Massachusetts Institute of Technology"). */
export function AliasEditor({ doc }: { doc: Y.Doc }) {
  const aliases = useDocValue(doc, ROOTS, userAliases);
  const [canonical, setCanonical] = useState('');
  const [variant, setVariant] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = saveWith(() => addAlias(doc, canonical, variant, LOCAL_UI));
    setError(problem);
    if (!problem) {
      setCanonical('');
      setVariant('');
    }
  };

  return (
    <section className="card" aria-label="Same names">
      <h2 className="card-title">Names that mean the same</h2>
      <p className="muted">
        Kith already knows common ones (MIT, UCL, NYC…). Add your own so what you share is found however it is written.
      </p>
      {aliases.length > 0 ? (
        <ul className="plain-list">
          {aliases.map((alias) => (
            <li key={`${alias.canonical}|${alias.variant}`} className="alias-row">
              <span>
                <strong>{alias.variant}</strong> <span className="muted">means</span> <strong>{alias.canonical}</strong>
              </span>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setError(saveWith(() => removeAlias(doc, alias.canonical, alias.variant, LOCAL_UI)))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="alias-form" onSubmit={submit} aria-label="Add a same name">
        <div className="field">
          <label htmlFor="alias-variant">Short or other spelling</label>
          <input id="alias-variant" value={variant} placeholder="KCL" onChange={(event) => setVariant(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="alias-canonical">Means</label>
          <input
            id="alias-canonical"
            value={canonical}
            placeholder="King's College London"
            onChange={(event) => setCanonical(event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <FieldError message={error} />
    </section>
  );
}
