import type { NetworkHealth } from '../../../../shared/analytics/network-health';
import type { EgoPicture } from '../../../../shared/analytics/ego-picture';

/** The report with its circles picture laid out, both made in the worker: the window only draws them. */
export type HealthReport = NetworkHealth & { picture: EgoPicture };

/**
 * Main thread → worker: load what this profile's IndexedDB copy holds
 * (`docName`: y-indexeddb's database), the document's updates (the missing
 * part after a load, or the whole state), and requests for a report.
 */
export type HealthRequest =
  | { type: 'load'; docName: string }
  | { type: 'update'; update: Uint8Array }
  | { type: 'report'; id: number; now: string; timeZone: string };

/**
 * Worker → main thread: what the replica holds after a load (null when the
 * database could not be read: then the whole state is sent), and the report
 * for a request, or why it could not be made.
 */
export type HealthReply =
  | { type: 'loaded'; stateVector: Uint8Array | null }
  | { type: 'report'; id: number; report: HealthReport }
  | { type: 'error'; id: number; error: string };
