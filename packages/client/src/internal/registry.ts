import type { Caller } from './call.js';
import type { Transport } from './transport.js';

interface Internals {
  caller: Caller;
  transport: Transport;
}

const registry = new WeakMap<object, Internals>();

/** Links a client to its caller and transport, for the helpers (kept out of the client object). */
export function register(client: object, internals: Internals): void {
  registry.set(client, internals);
}

export function internalsOf(client: unknown, helper: string): Internals {
  const found = typeof client === 'object' && client !== null ? registry.get(client) : undefined;
  if (!found)
    throw new TypeError(`${helper}: the first argument must be a client from createDatabaseApiClient`);
  return found;
}
