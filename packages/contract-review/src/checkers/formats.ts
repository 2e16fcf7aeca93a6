import { rule } from '../rule.js';
import { show } from '../walker/json.js';
import type { SchemaCheck } from '../walker/walk.js';

/** `format`: a request format limits what is accepted, a response format what may be parsed. */
export const rules = [
  rule(
    'request-format-restricted',
    'breaking',
    'request',
    'a request value gains a format or changes it',
    'values that do not match the new format are refused',
  ),
  rule(
    'request-format-relaxed',
    'additive',
    'request',
    'a request value loses its format',
    'existing values stay valid',
  ),
  rule(
    'response-format-changed',
    'breaking',
    'response',
    'a response value changes or loses its format',
    'clients parsing the old format (a date, a URI) fail',
  ),
  rule(
    'response-format-added',
    'additive',
    'response',
    'a response value gains a format',
    'the value was already a string of that shape or more',
  ),
] as const;

export const keywords = ['format'];

export const check: SchemaCheck = (walk, b, a, cursor) => {
  if (b.format === a.format) return;
  const message = `format ${show(b.format)} → ${show(a.format)}`;
  const extra = { before: b.format, after: a.format };
  if (cursor.dir === 'request') {
    if (a.format === undefined) walk.emit('request-format-relaxed', cursor, message, extra);
    else walk.emit('request-format-restricted', cursor, message, extra);
  } else if (b.format === undefined) walk.emit('response-format-added', cursor, message, extra);
  else walk.emit('response-format-changed', cursor, message, extra);
};
