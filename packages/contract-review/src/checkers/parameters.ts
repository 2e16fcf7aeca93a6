import { isDeepStrictEqual } from 'node:util';
import { pathParameterNames } from '@scalingo-db-api/openapi/model';
import type { OpenApiDocument } from '../load.js';
import { rule } from '../rule.js';
import { type Cursor, moveTo, schemaAt } from '../walker/cursor.js';
import { asArray, isObject, type Json, pick } from '../walker/json.js';
import type { FoundOperation, Walk } from '../walker/walk.js';
import { deprecation, deprecationKeywords } from './documentation.js';

/**
 * Parameters, the path item's and the operation's merged: path parameters matched on their
 * position in the path, the others on their location and name.
 */
export const rules = [
  rule(
    'path-parameter-renamed',
    'breaking',
    'request',
    'a path parameter is renamed (same URL shape)',
    'typed clients pass path parameters by name',
  ),
  rule(
    'parameter-removed',
    'breaking',
    'request',
    'a parameter is removed',
    'typed clients that set it no longer compile; the server may reject or ignore it',
  ),
  rule(
    'required-parameter-added',
    'breaking',
    'request',
    'a new required parameter',
    'existing calls lack it',
  ),
  rule(
    'optional-parameter-added',
    'additive',
    'request',
    'a new optional parameter',
    'existing calls stay valid',
  ),
  rule(
    'parameter-became-required',
    'breaking',
    'request',
    'an optional parameter becomes required',
    'calls that omit it are refused',
  ),
  rule(
    'parameter-became-optional',
    'additive',
    'request',
    'a required parameter becomes optional',
    'every existing call stays valid',
  ),
  rule(
    'parameter-serialization-changed',
    'breaking',
    'request',
    'a parameter changes its style, explode or allowReserved setting',
    'clients serialise the value the old way',
  ),
] as const;

const SERIALIZATION = ['style', 'explode', 'allowReserved', 'allowEmptyValue'];
const PARAMETER_KEYS = new Set([
  'name',
  'in',
  'required',
  ...deprecationKeywords,
  'schema',
  'content',
  ...SERIALIZATION,
]);

export function check(walk: Walk, b: FoundOperation, a: FoundOperation, cursor: Cursor): void {
  const before = parametersOf(walk, walk.base, b);
  const after = parametersOf(walk, walk.head, a);
  before.path.forEach((param, index) => {
    const other = after.path[index];
    if (!other) return;
    const bName = before.pathNames[index];
    const aName = after.pathNames[index];
    const here = moveTo(cursor, `path parameter ${aName}`);
    if (bName !== aName) {
      walk.emit('path-parameter-renamed', here, `path parameter ${bName} renamed to ${aName}`, {
        before: bName,
        after: aName,
      });
    }
    checkParameter(walk, param, other, here);
  });
  for (const [key, param] of before.other) {
    const other = after.other.get(key);
    const here = moveTo(cursor, key.replace(' ', ' parameter '));
    if (!other) {
      walk.emit('parameter-removed', here, `parameter ${key} removed`);
      continue;
    }
    checkParameter(walk, param, other, here);
  }
  for (const [key, param] of after.other) {
    if (before.other.has(key)) continue;
    const here = moveTo(cursor, key.replace(' ', ' parameter '));
    if (param.required === true) {
      walk.emit('required-parameter-added', here, `required parameter ${key} added`);
    } else {
      walk.emit('optional-parameter-added', here, `optional parameter ${key} added`);
    }
  }
}

/** The schema of a parameter or header: `schema`, or that of its first `content` entry. */
export function parameterSchema(param: Json): unknown {
  if (param.schema !== undefined) return param.schema;
  if (isObject(param.content)) {
    const first = Object.values(param.content)[0];
    if (isObject(first)) return first.schema;
  }
  return undefined;
}

function parametersOf(walk: Walk, doc: OpenApiDocument, x: FoundOperation) {
  const merged = new Map<string, Json>();
  for (const raw of [...asArray(x.item.parameters), ...asArray(x.op.parameters)]) {
    const param = walk.resolve(doc, raw).node;
    merged.set(`${String(param.in)} ${String(param.name)}`, param);
  }
  const pathNames = pathParameterNames(x.path);
  const path = pathNames.map((name) => merged.get(`path ${name}`) ?? { name, in: 'path', required: true });
  const other = new Map([...merged].filter(([, param]) => param.in !== 'path'));
  return { path, pathNames, other };
}

function checkParameter(walk: Walk, b: Json, a: Json, cursor: Cursor) {
  const bRequired = b.required === true || b.in === 'path';
  const aRequired = a.required === true || a.in === 'path';
  if (!bRequired && aRequired) walk.emit('parameter-became-required', cursor, 'parameter became required');
  if (bRequired && !aRequired) walk.emit('parameter-became-optional', cursor, 'parameter became optional');
  deprecation(walk, b, a, cursor, 'parameter deprecated');
  const serialization = SERIALIZATION.filter((key) => !isDeepStrictEqual(b[key], a[key]));
  if (serialization.length) {
    walk.emit('parameter-serialization-changed', cursor, `${serialization.join(', ')} changed`, {
      before: pick(b, serialization),
      after: pick(a, serialization),
    });
  }
  walk.schema(parameterSchema(b), parameterSchema(a), schemaAt(cursor, 'request'));
  walk.rest(b, a, PARAMETER_KEYS, cursor);
}
