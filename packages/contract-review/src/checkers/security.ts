import { isDeepStrictEqual } from 'node:util';
import type { OpenApiDocument } from '../load.js';
import { rule } from '../rule.js';
import { type Cursor, moveTo } from '../walker/cursor.js';
import { asArray, isObject, type Json, pick } from '../walker/json.js';
import type { Walk } from '../walker/walk.js';

/** Security schemes and the ways each operation accepts to authenticate. */
export const rules = [
  rule(
    'security-scheme-changed',
    'breaking',
    'request',
    'a security scheme in use changes its type, scheme, location or name',
    'credentials sent the old way are refused',
  ),
  rule(
    'security-alternative-removed',
    'breaking',
    'request',
    'an operation no longer accepts one of its ways to authenticate (including a public operation that now needs a token)',
    'clients authenticating that way are refused',
  ),
  rule(
    'security-alternative-added',
    'additive',
    'request',
    'an operation accepts a new way to authenticate (or no authentication)',
    'existing credentials keep working',
  ),
] as const;

/** The keys of a security scheme that decide what a client sends. */
const WIRE = ['type', 'scheme', 'in', 'name', 'flows', 'openIdConnectUrl'];

/** The security schemes both versions define (a removed one shows where operations used it). */
export function checkSchemes(walk: Walk, document: Cursor): void {
  const schemes = (doc: OpenApiDocument) => {
    const components = isObject(doc.components) ? doc.components : {};
    return isObject(components.securitySchemes) ? components.securitySchemes : {};
  };
  const before = schemes(walk.base);
  const after = schemes(walk.head);
  for (const name of Object.keys(before)) {
    if (!(name in after)) continue;
    const cursor = moveTo(document, `security scheme ${name}`);
    const b = walk.resolve(walk.base, before[name]).node;
    const a = walk.resolve(walk.head, after[name]).node;
    const changed = WIRE.filter((key) => !isDeepStrictEqual(b[key], a[key]));
    if (changed.length) {
      walk.emit('security-scheme-changed', cursor, `security scheme ${name}: ${changed.join(', ')} changed`, {
        before: pick(b, changed),
        after: pick(a, changed),
      });
    }
    walk.rest(b, a, new Set([...WIRE, 'bearerFormat']), cursor, ['bearerFormat']);
  }
}

/** The alternatives of an operation's `security` (or the document's), `cursor.where` being `security`. */
export function check(walk: Walk, bOp: Json, aOp: Json, cursor: Cursor): void {
  const before = alternatives(bOp, walk.base);
  const after = alternatives(aOp, walk.head);
  for (const alt of before) {
    if (!after.has(alt)) {
      walk.emit('security-alternative-removed', cursor, `no longer accepts: ${alt}`, {
        before: [...before],
        after: [...after],
      });
    }
  }
  for (const alt of after) {
    if (!before.has(alt)) {
      walk.emit('security-alternative-added', cursor, `now also accepts: ${alt}`, {
        before: [...before],
        after: [...after],
      });
    }
  }
}

/** Each security requirement as one string (`bearer`, `oauth [read, write]`, `no authentication`). */
function alternatives(op: Json, doc: OpenApiDocument): Set<string> {
  const list = asArray(op.security ?? doc.security);
  if (list.length === 0) return new Set(['no authentication']);
  return new Set(
    list.map((requirement) => {
      if (!isObject(requirement) || Object.keys(requirement).length === 0) return 'no authentication';
      return Object.entries(requirement)
        .map(([name, scopes]) => {
          const sorted = asArray(scopes).map(String).sort();
          return sorted.length ? `${name} [${sorted.join(', ')}]` : name;
        })
        .sort()
        .join(' + ');
    }),
  );
}
