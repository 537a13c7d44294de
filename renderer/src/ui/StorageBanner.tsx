import { useState } from 'react';
import type { StorageHealth } from '../../../shared/host/contract';
import { describeDamage } from '../../../shared/host/storage-notice';

/**
 * What the host says about its copy of the network: a disk that refuses
 * writes (shown while it lasts), and damage it found and repaired at start,
 * with what came back from where (shown until dismissed).
 */
export function StorageBanner({ health }: { health: StorageHealth }) {
  const [dismissed, setDismissed] = useState<string | null>(null);
  const damage = health.damage;
  return (
    <>
      {health.writeProblem ? (
        <div className="banner banner-error storage-banner" role="alert" data-testid="storage-write-problem">
          <strong>Kith cannot save your edits right now.</strong>
          <p>{health.writeProblem}</p>
        </div>
      ) : null}
      {damage && dismissed !== damage.detectedAt ? <DamageNotice health={health} onDismiss={() => setDismissed(damage.detectedAt)} /> : null}
    </>
  );
}

function DamageNotice({ health, onDismiss }: { health: StorageHealth; onDismiss(): void }) {
  const notice = describeDamage(health.damage!);
  return (
    <section className="banner storage-banner storage-damage" role="status" aria-label="Repaired document log" data-testid="storage-damage">
      <div className="storage-banner-text">
        <strong>{notice.title}</strong>
        <ul>
          {notice.details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
