/**
 * The host's side of the contract, independent of how calls travel:
 * `dispatch(handlers, context, method, args)` is the gate every call passes.
 * It refuses unknown methods and arguments that do not match the contract's
 * schema before any handler runs. (The renderer's side is client.ts.)
 */
import { contract, isMethodName, type EventName, type HostHandlers } from './contract';
import { firstIssue } from '../doc/errors';

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
