/**
 * What to tell the person about damage found in the host's document log, in
 * plain sentences: the window's banner and the host's start-up line say the
 * same thing.
 */
import type { LogDamage, Recovered, RecoverySource } from './contract';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function bytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function sourceName(source: RecoverySource): string {
  return source.kind === 'window' ? "this window's copy" : `device "${source.name}"`;
}

function records(entry: Recovered): string {
  const parts = [
    entry.people > 0 ? plural(entry.people, 'person', 'people') : '',
    entry.notes > 0 ? plural(entry.notes, 'note') : '',
    entry.links > 0 ? plural(entry.links, 'link') : '',
  ];
  return parts.filter(Boolean).join(', ');
}

export interface DamageNotice {
  title: string;
  /** What was kept and skipped, where the damaged file is, what came back from where. */
  details: string[];
}

export function describeDamage(damage: LogDamage): DamageNotice {
  const previous = damage.usedPrevious ? ' and the previous generation (document.ylog.1)' : '';
  const title = damage.missing
    ? 'Kith’s copy of your network (document.ylog) was missing, so it was rebuilt from the previous generation (document.ylog.1).'
    : 'Kith found damage in its copy of your network (document.ylog) and repaired it.';
  const details: string[] = [];
  if (damage.missing) {
    details.push(`It kept ${plural(damage.keptRecords, 'record')}.`);
  } else {
    details.push(
      `It kept every readable record — ${plural(damage.keptRecords, 'record')} from the log${previous} — and skipped ` +
        `${plural(damage.skippedStretches, 'damaged stretch', 'damaged stretches')} (${bytes(damage.skippedBytes)}).`,
    );
  }
  if (damage.damagedCopy) details.push(`The damaged file is kept, untouched, at ${damage.damagedCopy}.`);
  const gained = damage.recovered.filter((entry) => entry.people + entry.notes + entry.links > 0);
  if (gained.length > 0) {
    for (const entry of gained) details.push(`Recovered from ${sourceName(entry.source)}: ${records(entry)}.`);
  } else {
    details.push('Anything this window or your paired devices still hold comes back as they sync; nothing has come back yet.');
  }
  return { title, details };
}
