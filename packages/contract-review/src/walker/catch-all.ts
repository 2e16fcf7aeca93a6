import { rule } from '../rule.js';
import type { Cursor } from './cursor.js';
import type { Extra, Walk } from './walk.js';

/** The rule of the walker's catch-all: whatever no checker compares. */
export const rules = [
  rule(
    'unclassified-change',
    'breaking',
    'both',
    'a keyword the diff does not model changed (e.g. discriminator, not, if/then/else, links, callbacks, webhooks)',
    'to be safe it counts as breaking until a reviewer reads it',
  ),
] as const;

/** Reports a change the diff does not model; to be safe it counts as breaking. */
export function unclassified(walk: Walk, cursor: Cursor, message: string, extra?: Extra): void {
  walk.emit('unclassified-change', cursor, message, extra);
}
