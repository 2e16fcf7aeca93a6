import type { OpenApiDocument } from '../load.js';
import { rule } from '../rule.js';
import { below, type Cursor, type Direction } from '../walker/cursor.js';
import { asArray, isObject, type Json } from '../walker/json.js';
import type { SchemaCheck, Walk } from '../walker/walk.js';

/**
 * Object properties, compared one step down by name. A property marked readOnly only exists in
 * responses, one marked writeOnly only in requests.
 */
export const rules = [
  rule(
    'request-property-removed',
    'breaking',
    'request',
    'a property clients could send is removed',
    'typed clients that set it no longer compile; the server may reject it',
  ),
  rule(
    'required-request-property-added',
    'breaking',
    'request',
    'a new required request property',
    'existing requests lack it',
  ),
  rule(
    'optional-request-property-added',
    'additive',
    'request',
    'a new optional request property',
    'existing requests stay valid',
  ),
  rule(
    'request-property-became-required',
    'breaking',
    'request',
    'an optional request property becomes required',
    'requests that omit it are refused',
  ),
  rule(
    'request-property-became-optional',
    'additive',
    'request',
    'a required request property becomes optional',
    'existing requests stay valid',
  ),
  rule(
    'response-property-removed',
    'breaking',
    'response',
    'a response property is removed',
    'clients reading it get undefined',
  ),
  rule(
    'response-property-added',
    'additive',
    'response',
    'a new response property (optional or required)',
    'clients ignore properties they do not know',
  ),
  rule(
    'response-property-became-optional',
    'breaking',
    'response',
    'a response property that was always sent may now be absent',
    'clients reading it may get undefined',
  ),
  rule(
    'response-property-became-required',
    'additive',
    'response',
    'a response property that could be absent is now always sent',
    'clients already handle it being present',
  ),
] as const;

export const keywords = ['properties', 'required', 'readOnly', 'writeOnly'];

/** A property (or a response header) that became required or optional. */
export function requiredChanged(
  walk: Walk,
  cursor: Cursor,
  dir: Direction,
  isRequired: boolean,
  message: string,
): void {
  if (dir === 'request') {
    if (isRequired) walk.emit('request-property-became-required', cursor, message);
    else walk.emit('request-property-became-optional', cursor, message);
  } else if (isRequired) walk.emit('response-property-became-required', cursor, message);
  else walk.emit('response-property-became-optional', cursor, message);
}

export const check: SchemaCheck = (walk, b, a, cursor) => {
  const { dir } = cursor;
  const visible = (doc: OpenApiDocument, schema: Json) => {
    const props = isObject(schema.properties) ? schema.properties : {};
    const hidden = dir === 'request' ? 'readOnly' : 'writeOnly';
    return new Map(
      Object.entries(props).filter(([, prop]) => walk.flatten(doc, prop).schema[hidden] !== true),
    );
  };
  const bProps = visible(walk.base, b);
  const aProps = visible(walk.head, a);
  const bRequired = new Set(asArray(b.required).map(String));
  const aRequired = new Set(asArray(a.required).map(String));
  for (const [name, prop] of bProps) {
    const other = aProps.get(name);
    const here = below(cursor, name);
    if (other === undefined) {
      if (dir === 'request') walk.emit('request-property-removed', here, `property ${name} removed`);
      else walk.emit('response-property-removed', here, `property ${name} removed`);
      continue;
    }
    const isRequired = aRequired.has(name);
    if (bRequired.has(name) !== isRequired) {
      const what =
        dir === 'request'
          ? isRequired
            ? 'became required'
            : 'became optional'
          : isRequired
            ? 'is now always sent'
            : 'may now be absent';
      requiredChanged(walk, here, dir, isRequired, `property ${name} ${what}`);
    }
    walk.schema(prop, other, here);
  }
  for (const name of aProps.keys()) {
    if (bProps.has(name)) continue;
    const here = below(cursor, name);
    if (dir === 'response') {
      const kind = aRequired.has(name) ? 'required' : 'optional';
      walk.emit('response-property-added', here, `${kind} property ${name} added`);
    } else if (aRequired.has(name)) {
      walk.emit('required-request-property-added', here, `required property ${name} added`);
    } else {
      walk.emit('optional-request-property-added', here, `optional property ${name} added`);
    }
  }
};
