import { rule } from '../rule.js';
import { type Cursor, moveTo } from '../walker/cursor.js';
import { show } from '../walker/json.js';
import type { FoundOperation, Walk } from '../walker/walk.js';
import { deprecation, deprecationKeywords } from './documentation.js';

/** Operations: their presence, their id and their deprecation. */
export const rules = [
  rule(
    'operation-removed',
    'breaking',
    'both',
    'an operation (method and path) is removed',
    'every call to it fails',
  ),
  rule('operation-added', 'additive', 'both', 'a new operation', 'nothing existing changes'),
  rule(
    'operation-id-changed',
    'breaking',
    'request',
    'an operationId changes',
    'generated clients name their methods after it',
  ),
] as const;

/** The keys of an operation object this checker compares. */
export const keywords = ['operationId', ...deprecationKeywords];

/** An operation that only one version has (matched on method and URL shape). */
export function checkPresence(
  walk: Walk,
  b: FoundOperation | undefined,
  a: FoundOperation | undefined,
  cursor: Cursor,
): void {
  if (!a) walk.emit('operation-removed', cursor, 'operation removed');
  else if (!b) walk.emit('operation-added', cursor, 'operation added');
}

/** An operation both versions have: `cursor.where` is `operation`. */
export function check(walk: Walk, b: FoundOperation, a: FoundOperation, cursor: Cursor): void {
  if (b.op.operationId !== a.op.operationId) {
    walk.emit(
      'operation-id-changed',
      moveTo(cursor, 'operationId'),
      `operationId ${show(b.op.operationId)} → ${show(a.op.operationId)}`,
      { before: b.op.operationId, after: a.op.operationId },
    );
  }
  deprecation(walk, b.op, a.op, cursor, 'operation deprecated', 'operation no longer deprecated');
}
