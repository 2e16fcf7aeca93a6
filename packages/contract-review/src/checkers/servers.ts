import { rule } from '../rule.js';
import { type Cursor, moveTo } from '../walker/cursor.js';
import { asArray, isObject } from '../walker/json.js';
import type { FoundOperation, Walk } from '../walker/walk.js';

/** Servers (base URLs), matched on their URL; the rest of a server object goes to the catch-all. */
export const rules = [
  rule(
    'server-removed',
    'breaking',
    'both',
    'a server (base URL) is no longer listed',
    'clients configured with that host lose the API',
  ),
  rule(
    'server-added',
    'additive',
    'both',
    'a new server (base URL), e.g. a new region',
    'existing hosts keep working; the new one is an extra choice',
  ),
] as const;

/** The document's servers, or an operation's: `cursor.where` is `servers`. */
export function check(walk: Walk, base: unknown[], head: unknown[], cursor: Cursor): void {
  const byUrl = (list: unknown[]) =>
    new Map(list.filter(isObject).map((server) => [String(server.url), server] as const));
  const before = byUrl(base);
  const after = byUrl(head);
  for (const [url, server] of before) {
    const other = after.get(url);
    if (!other) {
      walk.emit('server-removed', cursor, `server ${url} removed`, { before: url });
      continue;
    }
    walk.rest(server, other, new Set(['url']), moveTo(cursor, `${cursor.where} ${url}`));
  }
  for (const url of after.keys()) {
    if (!before.has(url)) walk.emit('server-added', cursor, `server ${url} added`, { after: url });
  }
}

/** An operation's servers, compared only when the operation or its path overrides the document's. */
export function checkOverride(walk: Walk, b: FoundOperation, a: FoundOperation, cursor: Cursor): void {
  const overrides = (x: FoundOperation) => x.op.servers ?? x.item.servers;
  if (overrides(b) === undefined && overrides(a) === undefined) return;
  check(walk, asArray(overrides(b) ?? walk.base.servers), asArray(overrides(a) ?? walk.head.servers), cursor);
}
