// The pagination helper: a plain function, not a client method, so that an app that does not
// use it does not ship it.
import type { DatabaseApiClient } from '../client.js';
import { DatabaseClientError } from '../errors.js';
import { operations } from '../generated/operations.js';
import type { InvokeOptions } from '../internal/call.js';
import { internalsOf } from '../internal/registry.js';
import type { PageItem, PaginatedOperationId, PaginateOptions, PathArgs } from '../types.js';

/**
 * Iterates over every item of a paginated list, page after page: the maintenance list (follows
 * `meta.pagination.next_page`) and the logs archives (follows `next_cursor` while `has_more`).
 *
 * `for await (const m of paginate(client, 'listMaintenance', databaseId)) …`
 */
export async function* paginate<K extends PaginatedOperationId>(
  client: DatabaseApiClient,
  operationId: K,
  ...args: [...PathArgs<K>, options?: PaginateOptions<K>]
): AsyncGenerator<PageItem<K>, void, undefined> {
  const { caller } = internalsOf(client, 'paginate');
  const op = operations[operationId];
  const paging = op?.pagination;
  if (!paging) throw new TypeError(`paginate: ${operationId} is not a paginated operation`);
  const n = op.pathParams.length;
  const {
    maxPages = Number.POSITIVE_INFINITY,
    query = {},
    ...rest
  } = (args[n] ?? {}) as InvokeOptions & {
    maxPages?: number;
  };
  const key = paging.style === 'page' ? 'page' : 'cursor';
  let position = query[key] ?? (key === 'page' ? 1 : undefined);
  for (let pages = 1; ; pages++) {
    const body = (await caller.invoke(
      operationId,
      args,
      undefined,
      { ...rest, query: { ...query, [key]: position } },
      false,
    )) as Record<string, unknown> | undefined;
    const items = body?.[paging.items];
    const fail = (why: string) =>
      new DatabaseClientError(`paginate ${operationId}: ${why}`, { method: op.method, path: op.path });
    if (!Array.isArray(items)) throw fail(`the answer has no "${paging.items}" list`);
    yield* items;
    const next =
      key === 'page'
        ? (body?.meta as { pagination?: { next_page?: unknown } } | undefined)?.pagination?.next_page
        : body?.has_more === true
          ? body.next_cursor
          : null;
    if (pages >= maxPages || next == null || next === '') return;
    // Guard against a server that would send us round in circles.
    if (key === 'page' ? !((next as number) > (position as number)) : next === position) {
      throw fail(`the next ${key} (${String(next)}) does not move past ${String(position)}`);
    }
    position = next;
  }
}
