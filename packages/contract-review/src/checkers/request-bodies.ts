import { rule } from '../rule.js';
import type { Cursor } from '../walker/cursor.js';
import type { Walk } from '../walker/walk.js';

/** Request bodies: presence, whether they are required, and their media types. */
export const rules = [
  rule(
    'request-body-removed',
    'breaking',
    'request',
    'an operation no longer takes a request body',
    'clients sending one may be refused and typed clients no longer compile',
  ),
  rule(
    'required-request-body-added',
    'breaking',
    'request',
    'an operation now requires a body it did not take',
    'existing calls send none',
  ),
  rule(
    'optional-request-body-added',
    'additive',
    'request',
    'an operation accepts an optional body',
    'existing calls stay valid',
  ),
  rule(
    'request-body-became-required',
    'breaking',
    'request',
    'an optional request body becomes required',
    'calls without a body are refused',
  ),
  rule(
    'request-body-became-optional',
    'additive',
    'request',
    'a required request body becomes optional',
    'existing calls stay valid',
  ),
  rule(
    'request-media-type-removed',
    'breaking',
    'request',
    'a request content type is no longer accepted',
    'clients sending it are refused',
  ),
  rule(
    'request-media-type-added',
    'additive',
    'request',
    'a new request content type is accepted',
    'existing calls stay valid',
  ),
] as const;

const BODY_KEYS = new Set(['required', 'content']);

/** An operation's `requestBody` in both versions (either may be absent): `cursor.where` is `request body`. */
export function check(walk: Walk, rawB: unknown, rawA: unknown, cursor: Cursor): void {
  if (rawB === undefined && rawA === undefined) return;
  const b = rawB === undefined ? null : walk.resolve(walk.base, rawB).node;
  const a = rawA === undefined ? null : walk.resolve(walk.head, rawA).node;
  if (!a) {
    walk.emit('request-body-removed', cursor, 'request body removed');
    return;
  }
  if (!b) {
    if (a.required === true) walk.emit('required-request-body-added', cursor, 'required request body added');
    else walk.emit('optional-request-body-added', cursor, 'optional request body added');
    return;
  }
  if (b.required !== true && a.required === true) {
    walk.emit('request-body-became-required', cursor, 'request body became required');
  }
  if (b.required === true && a.required !== true) {
    walk.emit('request-body-became-optional', cursor, 'request body became optional');
  }
  walk.content(b.content, a.content, cursor, 'request', {
    removed: (here, type) => walk.emit('request-media-type-removed', here, `content type ${type} removed`),
    added: (here, type) => walk.emit('request-media-type-added', here, `content type ${type} added`),
  });
  walk.rest(b, a, BODY_KEYS, cursor);
}
