import type { NetworkHealth } from '../../../../shared/analytics/network-health';

/** Main thread → worker: the document's updates (the first is its whole state), and requests for a report. */
export type HealthRequest =
  | { type: 'update'; update: Uint8Array }
  | { type: 'report'; id: number; now: string; timeZone: string };

/** Worker → main thread: the report for a request, or why it could not be made. */
export type HealthReply = { id: number; report: NetworkHealth } | { id: number; error: string };
