import { isSuccessStatus } from '@scalingo-db-api/openapi/model';
import { rule } from '../rule.js';
import { type Cursor, moveTo } from '../walker/cursor.js';
import { isObject } from '../walker/json.js';
import type { Walk } from '../walker/walk.js';
import * as headers from './headers.js';

/** Responses, matched on their status key, and their media types. */
export const rules = [
  rule(
    'success-status-removed',
    'breaking',
    'response',
    'a 2xx status code is removed (typically replaced by another)',
    'clients expecting it, and its body, miss it',
  ),
  rule(
    'success-status-added',
    'breaking',
    'response',
    'an existing operation may answer a new 2xx status code',
    'clients read a success body they do not know',
  ),
  rule(
    'error-status-added',
    'additive',
    'response',
    'a new documented error status (4xx, 5xx)',
    'clients already handle unexpected errors generically; the contract now names this one',
  ),
  rule(
    'error-status-removed',
    'additive',
    'response',
    'an error status is no longer documented',
    'the server sends less than before; nobody relies on an error',
  ),
  rule(
    'response-media-type-removed',
    'breaking',
    'response',
    'a response content type is no longer sent',
    'clients asking for it get nothing they can read',
  ),
  rule(
    'response-media-type-added',
    'additive',
    'response',
    'a response may also be sent in a new content type',
    'content negotiation keeps existing clients on the type they ask for',
  ),
] as const;

const RESPONSE_KEYS = new Set(['headers', 'content']);

/** An operation's `responses` in both versions. */
export function check(walk: Walk, rawB: unknown, rawA: unknown, cursor: Cursor): void {
  const b = isObject(rawB) ? rawB : {};
  const a = isObject(rawA) ? rawA : {};
  for (const status of Object.keys(b)) {
    const here = moveTo(cursor, `response ${status}`);
    if (!(status in a)) {
      if (isSuccessStatus(status)) walk.emit('success-status-removed', here, `status ${status} removed`);
      else walk.emit('error-status-removed', here, `status ${status} removed`);
      continue;
    }
    const bResponse = walk.resolve(walk.base, b[status]).node;
    const aResponse = walk.resolve(walk.head, a[status]).node;
    headers.check(walk, bResponse.headers, aResponse.headers, here);
    walk.content(bResponse.content, aResponse.content, here, 'response', {
      removed: (at, type) => walk.emit('response-media-type-removed', at, `content type ${type} removed`),
      added: (at, type) => walk.emit('response-media-type-added', at, `content type ${type} added`),
    });
    walk.rest(bResponse, aResponse, RESPONSE_KEYS, here);
  }
  for (const status of Object.keys(a)) {
    if (status in b) continue;
    const here = moveTo(cursor, `response ${status}`);
    if (isSuccessStatus(status)) walk.emit('success-status-added', here, `status ${status} added`);
    else walk.emit('error-status-added', here, `status ${status} added`);
  }
}
