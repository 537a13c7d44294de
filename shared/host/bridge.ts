/**
 * Both ends of the host contract, independent of how calls travel.
 *
 * - `createKithApi(transport)` builds `window.kith` from the contract over any
 *   transport: Electron IPC in the preload, a WebSocket in browser mode, a
 *   direct call in tests.
 * - `dispatch(handlers, context, method, args)` is the host's gate: it refuses
 *   unknown methods and arguments that do not match the contract's schema
 *   before any handler runs.
 */
import {
  EVENT_NAMES,
  METHOD_NAMES,
  contract,
  eventListenerName,
  isMethodName,
  type EventName,
  type HostHandlers,
  type KithApi,
} from './contract';
import { firstIssue } from '../doc/errors';

export interface Transport {
  invoke(method: string, args: unknown[]): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export function createKithApi(transport: Transport): KithApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = (...args: unknown[]) => transport.invoke(method, args);
  }
  for (const event of EVENT_NAMES) {
    api[eventListenerName(event)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventListenerName(event)} needs a function`);
      return transport.subscribe(event, listener);
    };
  }
  return api as KithApi;
}

/** A call the host refused before running it: unknown method or bad arguments. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}

export async function dispatch<Context>(
  handlers: HostHandlers<Context>,
  context: Context,
  method: unknown,
  args: unknown,
): Promise<unknown> {
  if (!isMethodName(method)) throw new ContractError(`Unknown host method: ${String(method).slice(0, 80)}`);
  if (!Array.isArray(args)) throw new ContractError(`${method}: arguments must be a list`);
  const parsed = contract.methods[method].args.safeParse(args);
  if (!parsed.success) throw new ContractError(`${method}: ${firstIssue(parsed.error)}`);
  const handler = handlers[method] as (context: Context, ...args: unknown[]) => unknown;
  return handler(context, ...(parsed.data as unknown[]));
}

export function validateEventPayload(event: EventName, payload: unknown): boolean {
  return contract.events[event].payload.safeParse(payload).success;
}
