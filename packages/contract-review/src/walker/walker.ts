import { derefMerged, HTTP_METHODS } from '@scalingo-db-api/openapi/model';
import { toMarkedForm } from '@scalingo-db-api/openapi/standard-forms';
import * as constraints from '../checkers/constraints.js';
import * as documentation from '../checkers/documentation.js';
import * as enums from '../checkers/enums.js';
import * as formats from '../checkers/formats.js';
import * as operations from '../checkers/operations.js';
import * as parameters from '../checkers/parameters.js';
import * as properties from '../checkers/properties.js';
import * as requestBodies from '../checkers/request-bodies.js';
import * as responses from '../checkers/responses.js';
import * as schemaTypes from '../checkers/schema-types.js';
import * as security from '../checkers/security.js';
import * as servers from '../checkers/servers.js';
import * as variants from '../checkers/variants.js';
import type { OpenApiDocument } from '../load.js';
import { BUMP_FOR, type Bump, getRule, maxBump, type RuleId, type Severity } from '../rules.js';
import { unclassified } from './catch-all.js';
import {
  below,
  type Cursor,
  type Direction,
  DOCUMENT,
  moveTo,
  type SchemaCursor,
  schemaAt,
} from './cursor.js';
import { asArray, changedKeys, isDocKey, isObject, type Json, stringOrNull } from './json.js';
import type { Change, DiffResult, Extra, FoundOperation, MediaEvents, SchemaCheck, Walk } from './walk.js';

// The record of what is compared: a key of an object that is not listed for its kind of object
// goes to the catch-all (documentation keys are cosmetic, the rest is unclassified, breaking).

/** Root keys compared on their own; components only through what operations use. */
const ROOT_KEYS = new Set(['info', 'servers', 'paths', 'components', 'security']);
const OPERATION_KEYS = new Set([
  ...operations.keywords,
  'servers',
  'security',
  'parameters',
  'requestBody',
  'responses',
]);
const PATH_ITEM_KEYS = new Set([...HTTP_METHODS, 'parameters', 'servers', '$ref']);
const MEDIA_KEYS = new Set(['schema']);

/** `items`: the schema of an array's elements, one step down. */
const items: SchemaCheck = (walk, b, a, cursor) => {
  if (b.items !== undefined || a.items !== undefined) {
    walk.schema(b.items ?? {}, a.items ?? {}, below(cursor, '[]'));
  }
};

/** The checks run on every pair of schemas, in the order their changes are reported. */
const SCHEMA_CHECKS: SchemaCheck[] = [
  variants.check,
  schemaTypes.check,
  enums.check,
  formats.check,
  constraints.check,
  properties.check,
  constraints.checkAdditionalProperties,
  items,
  documentation.checkDefault,
  documentation.checkDeprecated,
  variants.checkDiscriminator,
];
const SCHEMA_KEYWORDS = new Set([
  '$ref',
  'allOf',
  'items',
  ...variants.keywords,
  ...schemaTypes.keywords,
  ...enums.keywords,
  ...formats.keywords,
  ...constraints.keywords,
  ...properties.keywords,
  ...documentation.keywords,
]);

/**
 * Walks two versions of a bundled OpenAPI document side by side: the document, then each
 * operation matched on its method and URL shape, down to every schema. The checkers classify
 * what differs; what none of them compares is reported by the catch-all.
 */
export class Walker implements Walk {
  readonly changes: Change[] = [];

  constructor(
    readonly base: OpenApiDocument,
    readonly head: OpenApiDocument,
  ) {}

  emit(rule: RuleId, cursor: Cursor, message: string, extra: Extra = {}): void {
    const change: Change = {
      rule,
      severity: getRule(rule).severity,
      operation: cursor.operation,
      operationId: cursor.operationId,
      where: cursor.where,
      message,
    };
    if ('before' in extra) change.before = extra.before;
    if ('after' in extra) change.after = extra.after;
    this.changes.push(change);
  }

  resolve(doc: OpenApiDocument, node: unknown): { node: Json; ref: string | null } {
    const found = derefMerged(doc, node);
    const ref = found.ref ?? null;
    return isObject(found.node) ? { node: toMarkedForm(found.node), ref } : { node: {}, ref };
  }

  flatten(doc: OpenApiDocument, raw: unknown, depth = 0): { schema: Json; ref: string | null } {
    const { node, ref } = this.resolve(doc, raw);
    if (!Array.isArray(node.allOf) || depth > 20) return { schema: node, ref };
    const { allOf, ...own } = node;
    const merged: Json = {};
    const props: Json = {};
    const required = new Set<string>();
    for (const part of [...allOf, own]) {
      const flat = this.flatten(doc, part, depth + 1).schema;
      for (const [key, value] of Object.entries(flat)) {
        if (key === 'properties' && isObject(value)) Object.assign(props, value);
        else if (key === 'required' && Array.isArray(value))
          for (const name of value) required.add(String(name));
        else if (!(key in merged)) merged[key] = value;
      }
    }
    if (Object.keys(props).length) merged.properties = props;
    if (required.size) merged.required = [...required];
    return { schema: merged, ref };
  }

  run(): DiffResult {
    documentation.checkInfo(this, moveTo(DOCUMENT, 'info'));
    servers.check(this, asArray(this.base.servers), asArray(this.head.servers), moveTo(DOCUMENT, 'servers'));
    security.checkSchemes(this, DOCUMENT);
    this.rootKeys();
    this.operations();
    const counts: Record<Severity, number> = { breaking: 0, additive: 0, cosmetic: 0 };
    let bump: Bump = 'none';
    for (const change of this.changes) {
      counts[change.severity]++;
      bump = maxBump(bump, BUMP_FOR[change.severity]);
    }
    return { changes: this.changes, counts, bump };
  }

  private rootKeys() {
    const keys = changedKeys(this.base, this.head).filter((key) => !ROOT_KEYS.has(key));
    // The patch version of OpenAPI (3.1.0 → 3.1.1) only clarifies the specification's text.
    const minor = (doc: OpenApiDocument) => String(doc.openapi).split('.').slice(0, 2).join('.');
    const doc = keys.filter(
      (key) => isDocKey(key) || (key === 'openapi' && minor(this.base) === minor(this.head)),
    );
    if (doc.length) documentation.changed(this, moveTo(DOCUMENT, 'document'), `${doc.join(', ')} changed`);
    for (const key of keys.filter((k) => !doc.includes(k))) {
      unclassified(
        this,
        moveTo(DOCUMENT, key),
        `\`${key}\` changed; the diff does not model it: review by hand`,
      );
    }
  }

  private operationsOf(doc: OpenApiDocument): Map<string, FoundOperation> {
    const found = new Map<string, FoundOperation>();
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = this.resolve(doc, rawItem).node;
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        // Operations are matched on their URL shape: `{database_id}` and `{id}` are the same slot.
        found.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { path, method, op, item });
      }
    }
    return found;
  }

  private operations() {
    const before = this.operationsOf(this.base);
    const after = this.operationsOf(this.head);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => {
      const [mx, px] = splitKey(x);
      const [my, py] = splitKey(y);
      return px === py
        ? HTTP_METHODS.indexOf(mx as never) - HTTP_METHODS.indexOf(my as never)
        : px < py
          ? -1
          : 1;
    });
    for (const key of keys) {
      const b = before.get(key);
      const a = after.get(key);
      const shown = a ?? b;
      if (!shown) continue;
      const cursor: Cursor = {
        operation: `${shown.method.toUpperCase()} ${shown.path}`,
        operationId: stringOrNull(shown.op.operationId),
        where: 'operation',
      };
      if (!b || !a) {
        operations.checkPresence(this, b, a, cursor);
        continue;
      }
      operations.check(this, b, a, cursor);
      servers.checkOverride(this, b, a, moveTo(cursor, 'servers'));
      security.check(this, b.op, a.op, moveTo(cursor, 'security'));
      parameters.check(this, b, a, cursor);
      requestBodies.check(this, b.op.requestBody, a.op.requestBody, moveTo(cursor, 'request body'));
      responses.check(this, b.op.responses, a.op.responses, cursor);
      this.rest(b.op, a.op, OPERATION_KEYS, cursor);
      this.rest(b.item, a.item, PATH_ITEM_KEYS, moveTo(cursor, 'path item'));
    }
  }

  schema(rawB: unknown, rawA: unknown, cursor: SchemaCursor): void {
    if (rawB === undefined && rawA === undefined) return;
    const flatB = this.flatten(this.base, rawB ?? {});
    const flatA = this.flatten(this.head, rawA ?? {});
    const [b, a] = variants.align(flatB.schema, flatA.schema);
    let here = cursor;
    if (flatB.ref || flatA.ref) {
      // A recursive schema (a type version whose next_upgrade is a type version): compare each
      // pair of definitions once along one branch.
      const pair = `${flatB.ref}|${flatA.ref}`;
      if (cursor.stack.includes(pair)) return;
      here = { ...cursor, stack: [...cursor.stack, pair] };
    }
    for (const check of SCHEMA_CHECKS) check(this, b, a, here);
    this.rest(b, a, SCHEMA_KEYWORDS, here);
  }

  content(rawB: unknown, rawA: unknown, cursor: Cursor, dir: Direction, on: MediaEvents): void {
    const b = isObject(rawB) ? rawB : {};
    const a = isObject(rawA) ? rawA : {};
    const single = Object.keys(b).length <= 1 && Object.keys(a).length <= 1;
    for (const type of Object.keys(b)) {
      const label = single && type === 'application/json' ? cursor.where : `${cursor.where} (${type})`;
      const here = moveTo(cursor, label);
      if (!(type in a)) {
        on.removed(here, type);
        continue;
      }
      const bMedia = this.resolve(this.base, b[type]).node;
      const aMedia = this.resolve(this.head, a[type]).node;
      this.schema(bMedia.schema, aMedia.schema, schemaAt(here, dir));
      this.rest(bMedia, aMedia, MEDIA_KEYS, here);
    }
    for (const type of Object.keys(a)) {
      if (!(type in b)) on.added(moveTo(cursor, `${cursor.where} (${type})`), type);
    }
  }

  rest(
    b: Json,
    a: Json,
    handled: ReadonlySet<string>,
    cursor: Cursor,
    alsoDoc: readonly string[] = [],
  ): void {
    const changed = changedKeys(b, a).filter((key) => !handled.has(key) || alsoDoc.includes(key));
    const doc = changed.filter((key) => isDocKey(key) || alsoDoc.includes(key));
    if (doc.length) documentation.checkKeys(this, b, a, doc, cursor);
    for (const key of changed.filter((k) => !doc.includes(k))) {
      unclassified(this, cursor, `\`${key}\` changed; the diff does not model it: review by hand`, {
        before: b[key],
        after: a[key],
      });
    }
  }
}

function splitKey(key: string): [string, string] {
  const space = key.indexOf(' ');
  return [key.slice(0, space).toLowerCase(), key.slice(space + 1)];
}
