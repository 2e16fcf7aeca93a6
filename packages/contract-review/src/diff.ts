import { isDeepStrictEqual } from 'node:util';
import { OPEN_ENUM_MARKER, toMarkedForm } from '@scalingo-db-api/openapi/standard-forms';
import type { OpenApiDocument } from './load.js';
import { BUMP_FOR, type Bump, getRule, maxBump, type RuleId, type Severity } from './rules.js';

/** One difference between two versions of the contract, classified by one rule. */
export interface Change {
  rule: RuleId;
  severity: Severity;
  /** `GET /databases/{database_id}`, or null for what belongs to the whole document (servers, info). */
  operation: string | null;
  operationId: string | null;
  /** Where inside the operation: `response 200 › database.hostname`, `query parameter page`, … */
  where: string;
  message: string;
  before?: unknown;
  after?: unknown;
}

export interface DiffResult {
  changes: Change[];
  counts: Record<Severity, number>;
  /** The semver bump the changes call for: the highest of their severities. */
  bump: Bump;
}

type Json = Record<string, unknown>;
type Direction = 'request' | 'response';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Keys that only document; a change to them is cosmetic. */
const DOC_KEYS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  '$comment',
  'tags',
  'xml',
]);
// Open enumerations are compared in the source's form, whichever form each version is in.
const OPEN_ENUM = OPEN_ENUM_MARKER;

const isDocKey = (key: string): boolean => DOC_KEYS.has(key) || (key.startsWith('x-') && key !== OPEN_ENUM);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

interface Place {
  operation: string | null;
  operationId: string | null;
}

class Differ {
  readonly changes: Change[] = [];

  constructor(
    private readonly base: OpenApiDocument,
    private readonly head: OpenApiDocument,
  ) {}

  emit(
    rule: RuleId,
    place: Place,
    where: string,
    message: string,
    extra: { before?: unknown; after?: unknown } = {},
  ) {
    const change: Change = {
      rule,
      severity: getRule(rule).severity,
      operation: place.operation,
      operationId: place.operationId,
      where,
      message,
    };
    if ('before' in extra) change.before = extra.before;
    if ('after' in extra) change.after = extra.after;
    this.changes.push(change);
  }

  // ---------------------------------------------------------------- references

  /** Follows `$ref`s inside one document; sibling keys of a `$ref` override the target's. */
  resolve(doc: OpenApiDocument, node: unknown): { node: Json; ref: string | null } {
    let current = node;
    let ref: string | null = null;
    const overrides: Json[] = [];
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === 'string') {
      const target: string = current.$ref;
      if (seen.has(target)) throw new Error(`$ref cycle without content at ${target}`);
      seen.add(target);
      ref = target;
      const { $ref: _ignored, ...siblings } = current;
      if (Object.keys(siblings).length) overrides.unshift(siblings);
      current = pointer(doc, target);
    }
    if (!isObject(current)) return { node: {}, ref };
    const merged = overrides.length ? Object.assign({}, current, ...overrides) : current;
    return { node: toMarkedForm(merged), ref };
  }

  // ---------------------------------------------------------------- document

  run(): DiffResult {
    const whole: Place = { operation: null, operationId: null };
    this.compareInfo(whole);
    this.compareServers(asArray(this.base.servers), asArray(this.head.servers), whole, 'servers');
    this.compareSecuritySchemes(whole);
    this.compareOtherRootKeys(whole);
    this.compareOperations();
    const counts: Record<Severity, number> = { breaking: 0, additive: 0, cosmetic: 0 };
    let bump: Bump = 'none';
    for (const change of this.changes) {
      counts[change.severity]++;
      bump = maxBump(bump, BUMP_FOR[change.severity]);
    }
    return { changes: this.changes, counts, bump };
  }

  private compareInfo(place: Place) {
    const strip = (info: unknown) => {
      if (!isObject(info)) return {};
      const { version: _version, ...rest } = info;
      return rest;
    };
    const before = strip(this.base.info);
    const after = strip(this.head.info);
    const keys = changedKeys(before, after);
    if (keys.length) {
      this.emit('documentation-changed', place, 'info', `info ${keys.join(', ')} changed`, {
        before: pick(before, keys),
        after: pick(after, keys),
      });
    }
  }

  private compareOtherRootKeys(place: Place) {
    // info, servers, paths and security are compared on their own; components only through
    // what operations use (an unused component changes nothing for clients).
    const handled = new Set(['info', 'servers', 'paths', 'components', 'security']);
    const keys = changedKeys(this.base, this.head).filter((key) => !handled.has(key));
    // The patch version of OpenAPI (3.1.0 → 3.1.1) only clarifies the specification's text.
    const minor = (doc: OpenApiDocument) => String(doc.openapi).split('.').slice(0, 2).join('.');
    const doc = keys.filter(
      (key) => isDocKey(key) || (key === 'openapi' && minor(this.base) === minor(this.head)),
    );
    const other = keys.filter((key) => !doc.includes(key));
    if (doc.length) {
      this.emit('documentation-changed', place, 'document', `${doc.join(', ')} changed`);
    }
    for (const key of other) {
      this.emit(
        'unclassified-change',
        place,
        key,
        `\`${key}\` changed; the diff does not model it: review by hand`,
      );
    }
  }

  private compareServers(base: unknown[], head: unknown[], place: Place, where: string) {
    const byUrl = (list: unknown[]) =>
      new Map(list.filter(isObject).map((server) => [String(server.url), server] as const));
    const before = byUrl(base);
    const after = byUrl(head);
    for (const [url, server] of before) {
      const other = after.get(url);
      if (!other) {
        this.emit('server-removed', place, where, `server ${url} removed`, { before: url });
        continue;
      }
      this.compareRest(server, other, new Set(['url']), place, `${where} ${url}`);
    }
    for (const url of after.keys()) {
      if (!before.has(url)) this.emit('server-added', place, where, `server ${url} added`, { after: url });
    }
  }

  private compareSecuritySchemes(place: Place) {
    const schemes = (doc: OpenApiDocument) => {
      const components = isObject(doc.components) ? doc.components : {};
      return isObject(components.securitySchemes) ? components.securitySchemes : {};
    };
    const before = schemes(this.base);
    const after = schemes(this.head);
    for (const name of Object.keys(before)) {
      if (!(name in after)) continue; // Its removal shows where operations used it.
      const b = this.resolve(this.base, before[name]).node;
      const a = this.resolve(this.head, after[name]).node;
      const wire = ['type', 'scheme', 'in', 'name', 'flows', 'openIdConnectUrl'];
      const changed = wire.filter((key) => !isDeepStrictEqual(b[key], a[key]));
      if (changed.length) {
        this.emit(
          'security-scheme-changed',
          place,
          `security scheme ${name}`,
          `security scheme ${name}: ${changed.join(', ')} changed`,
          { before: pick(b, changed), after: pick(a, changed) },
        );
      }
      this.compareRest(b, a, new Set([...wire, 'bearerFormat']), place, `security scheme ${name}`, [
        'bearerFormat',
      ]);
    }
  }

  // ---------------------------------------------------------------- operations

  private operations(doc: OpenApiDocument) {
    const found = new Map<string, { path: string; method: string; op: Json; item: Json }>();
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = this.resolve(doc, rawItem).node;
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        // Operations are matched on their URL shape: `{database_id}` and `{id}` are the same slot.
        found.set(`${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`, { path, method, op, item });
      }
    }
    return found;
  }

  private compareOperations() {
    const before = this.operations(this.base);
    const after = this.operations(this.head);
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => {
      const [mx, px] = splitKey(x);
      const [my, py] = splitKey(y);
      return px === py ? METHODS.indexOf(mx as never) - METHODS.indexOf(my as never) : px < py ? -1 : 1;
    });
    for (const key of keys) {
      const b = before.get(key);
      const a = after.get(key);
      const shown = a ?? b;
      if (!shown) continue;
      const place: Place = {
        operation: `${shown.method.toUpperCase()} ${shown.path}`,
        operationId: stringOrNull(shown.op.operationId),
      };
      if (!a) {
        this.emit('operation-removed', place, 'operation', 'operation removed');
        continue;
      }
      if (!b) {
        this.emit('operation-added', place, 'operation', 'operation added');
        continue;
      }
      this.compareOperation(b, a, place);
    }
  }

  private compareOperation(
    b: { path: string; op: Json; item: Json },
    a: { path: string; op: Json; item: Json },
    place: Place,
  ) {
    if (b.op.operationId !== a.op.operationId) {
      this.emit(
        'operation-id-changed',
        place,
        'operationId',
        `operationId ${show(b.op.operationId)} → ${show(a.op.operationId)}`,
        { before: b.op.operationId, after: a.op.operationId },
      );
    }
    if (a.op.deprecated === true && b.op.deprecated !== true) {
      this.emit('deprecated', place, 'operation', 'operation deprecated');
    } else if (b.op.deprecated === true && a.op.deprecated !== true) {
      this.emit('documentation-changed', place, 'operation', 'operation no longer deprecated');
    }
    // Servers: only when the operation or its path overrides the document's list.
    const overrides = (x: { op: Json; item: Json }) => x.op.servers ?? x.item.servers;
    if (overrides(b) !== undefined || overrides(a) !== undefined) {
      this.compareServers(
        asArray(overrides(b) ?? this.base.servers),
        asArray(overrides(a) ?? this.head.servers),
        place,
        'servers',
      );
    }
    this.compareSecurity(b.op, a.op, place);
    this.compareParameters(b, a, place);
    this.compareRequestBody(b.op.requestBody, a.op.requestBody, place);
    this.compareResponses(b.op.responses, a.op.responses, place);
    this.compareRest(
      b.op,
      a.op,
      new Set(['operationId', 'deprecated', 'servers', 'security', 'parameters', 'requestBody', 'responses']),
      place,
      'operation',
    );
    this.compareRest(
      b.item,
      a.item,
      new Set([...METHODS, 'parameters', 'servers', '$ref']),
      place,
      'path item',
    );
  }

  private compareSecurity(bOp: Json, aOp: Json, place: Place) {
    const alternatives = (op: Json, doc: OpenApiDocument) => {
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
    };
    const before = alternatives(bOp, this.base);
    const after = alternatives(aOp, this.head);
    for (const alt of before) {
      if (!after.has(alt)) {
        this.emit('security-alternative-removed', place, 'security', `no longer accepts: ${alt}`, {
          before: [...before],
          after: [...after],
        });
      }
    }
    for (const alt of after) {
      if (!before.has(alt)) {
        this.emit('security-alternative-added', place, 'security', `now also accepts: ${alt}`, {
          before: [...before],
          after: [...after],
        });
      }
    }
  }

  // ---------------------------------------------------------------- parameters

  private parameters(doc: OpenApiDocument, x: { path: string; op: Json; item: Json }) {
    const merged = new Map<string, Json>();
    for (const raw of [...asArray(x.item.parameters), ...asArray(x.op.parameters)]) {
      const param = this.resolve(doc, raw).node;
      merged.set(`${String(param.in)} ${String(param.name)}`, param);
    }
    const pathNames = [...x.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
    const path = pathNames.map((name) => merged.get(`path ${name}`) ?? { name, in: 'path', required: true });
    const other = new Map([...merged].filter(([, param]) => param.in !== 'path'));
    return { path, pathNames, other };
  }

  private compareParameters(
    b: { path: string; op: Json; item: Json },
    a: { path: string; op: Json; item: Json },
    place: Place,
  ) {
    const before = this.parameters(this.base, b);
    const after = this.parameters(this.head, a);
    before.path.forEach((param, index) => {
      const other = after.path[index];
      if (!other) return;
      const bName = before.pathNames[index];
      const aName = after.pathNames[index];
      if (bName !== aName) {
        this.emit(
          'path-parameter-renamed',
          place,
          `path parameter ${aName}`,
          `path parameter ${bName} renamed to ${aName}`,
          { before: bName, after: aName },
        );
      }
      this.compareParameter(param, other, place, `path parameter ${aName}`);
    });
    for (const [key, param] of before.other) {
      const other = after.other.get(key);
      const where = `${key.replace(' ', ' parameter ')}`;
      if (!other) {
        this.emit('parameter-removed', place, where, `parameter ${key} removed`);
        continue;
      }
      this.compareParameter(param, other, place, where);
    }
    for (const [key, param] of after.other) {
      if (before.other.has(key)) continue;
      const where = `${key.replace(' ', ' parameter ')}`;
      if (param.required === true) {
        this.emit('required-parameter-added', place, where, `required parameter ${key} added`);
      } else {
        this.emit('optional-parameter-added', place, where, `optional parameter ${key} added`);
      }
    }
  }

  private compareParameter(b: Json, a: Json, place: Place, where: string) {
    const bRequired = b.required === true || b.in === 'path';
    const aRequired = a.required === true || a.in === 'path';
    if (!bRequired && aRequired)
      this.emit('parameter-became-required', place, where, 'parameter became required');
    if (bRequired && !aRequired)
      this.emit('parameter-became-optional', place, where, 'parameter became optional');
    if (a.deprecated === true && b.deprecated !== true) {
      this.emit('deprecated', place, where, 'parameter deprecated');
    }
    const serialization = ['style', 'explode', 'allowReserved', 'allowEmptyValue'].filter(
      (key) => !isDeepStrictEqual(b[key], a[key]),
    );
    if (serialization.length) {
      this.emit('parameter-serialization-changed', place, where, `${serialization.join(', ')} changed`, {
        before: pick(b, serialization),
        after: pick(a, serialization),
      });
    }
    this.compareSchema(parameterSchema(b), parameterSchema(a), 'request', place, where, [], []);
    this.compareRest(
      b,
      a,
      new Set([
        'name',
        'in',
        'required',
        'deprecated',
        'schema',
        'content',
        'style',
        'explode',
        'allowReserved',
        'allowEmptyValue',
      ]),
      place,
      where,
    );
  }

  // ---------------------------------------------------------------- bodies

  private compareRequestBody(rawB: unknown, rawA: unknown, place: Place) {
    const where = 'request body';
    if (rawB === undefined && rawA === undefined) return;
    const b = rawB === undefined ? null : this.resolve(this.base, rawB).node;
    const a = rawA === undefined ? null : this.resolve(this.head, rawA).node;
    if (!a) {
      this.emit('request-body-removed', place, where, 'request body removed');
      return;
    }
    if (!b) {
      if (a.required === true)
        this.emit('required-request-body-added', place, where, 'required request body added');
      else this.emit('optional-request-body-added', place, where, 'optional request body added');
      return;
    }
    if (b.required !== true && a.required === true) {
      this.emit('request-body-became-required', place, where, 'request body became required');
    }
    if (b.required === true && a.required !== true) {
      this.emit('request-body-became-optional', place, where, 'request body became optional');
    }
    this.compareContent(b.content, a.content, 'request', place, where);
    this.compareRest(b, a, new Set(['required', 'content']), place, where);
  }

  private compareContent(rawB: unknown, rawA: unknown, dir: Direction, place: Place, where: string) {
    const b = isObject(rawB) ? rawB : {};
    const a = isObject(rawA) ? rawA : {};
    const single = Object.keys(b).length <= 1 && Object.keys(a).length <= 1;
    for (const type of Object.keys(b)) {
      const label = single && type === 'application/json' ? where : `${where} (${type})`;
      if (!(type in a)) {
        this.emit(`${dir}-media-type-removed`, place, label, `content type ${type} removed`);
        continue;
      }
      const bMedia = this.resolve(this.base, b[type]).node;
      const aMedia = this.resolve(this.head, a[type]).node;
      this.compareSchema(bMedia.schema, aMedia.schema, dir, place, label, [], []);
      this.compareRest(bMedia, aMedia, new Set(['schema']), place, label);
    }
    for (const type of Object.keys(a)) {
      if (!(type in b))
        this.emit(`${dir}-media-type-added`, place, `${where} (${type})`, `content type ${type} added`);
    }
  }

  private compareResponses(rawB: unknown, rawA: unknown, place: Place) {
    const b = isObject(rawB) ? rawB : {};
    const a = isObject(rawA) ? rawA : {};
    const success = (status: string) => status.startsWith('2');
    for (const status of Object.keys(b)) {
      const where = `response ${status}`;
      if (!(status in a)) {
        const rule = success(status) ? 'success-status-removed' : 'error-status-removed';
        this.emit(rule, place, where, `status ${status} removed`);
        continue;
      }
      const bResponse = this.resolve(this.base, b[status]).node;
      const aResponse = this.resolve(this.head, a[status]).node;
      this.compareHeaders(bResponse.headers, aResponse.headers, place, where);
      this.compareContent(bResponse.content, aResponse.content, 'response', place, where);
      this.compareRest(bResponse, aResponse, new Set(['headers', 'content']), place, where);
    }
    for (const status of Object.keys(a)) {
      if (status in b) continue;
      const rule = success(status) ? 'success-status-added' : 'error-status-added';
      this.emit(rule, place, `response ${status}`, `status ${status} added`);
    }
  }

  private compareHeaders(rawB: unknown, rawA: unknown, place: Place, where: string) {
    const lower = (headers: unknown) =>
      new Map(
        Object.entries(isObject(headers) ? headers : {}).map(([name, h]) => [
          name.toLowerCase(),
          { name, h },
        ]),
      );
    const b = lower(rawB);
    const a = lower(rawA);
    for (const [key, { name, h }] of b) {
      const other = a.get(key);
      const at = `${where} header ${name}`;
      if (!other) {
        this.emit('response-header-removed', place, at, `header ${name} removed`);
        continue;
      }
      const bHeader = this.resolve(this.base, h).node;
      const aHeader = this.resolve(this.head, other.h).node;
      if (bHeader.required === true && aHeader.required !== true) {
        this.emit('response-property-became-optional', place, at, 'header may now be absent');
      }
      if (bHeader.required !== true && aHeader.required === true) {
        this.emit('response-property-became-required', place, at, 'header is now always sent');
      }
      this.compareSchema(parameterSchema(bHeader), parameterSchema(aHeader), 'response', place, at, [], []);
      this.compareRest(
        bHeader,
        aHeader,
        new Set(['required', 'schema', 'content', 'style', 'explode']),
        place,
        at,
      );
    }
    for (const [key, { name }] of a) {
      if (!b.has(key))
        this.emit('response-header-added', place, `${where} header ${name}`, `header ${name} added`);
    }
  }

  // ---------------------------------------------------------------- schemas

  /** Resolves `$ref`s and merges `allOf` members into one schema. */
  private flatten(doc: OpenApiDocument, raw: unknown, depth = 0): { schema: Json; ref: string | null } {
    const { node, ref } = this.resolve(doc, raw);
    if (!Array.isArray(node.allOf) || depth > 20) return { schema: node, ref };
    const { allOf, ...own } = node;
    const merged: Json = {};
    const properties: Json = {};
    const required = new Set<string>();
    for (const part of [...allOf, own]) {
      const flat = this.flatten(doc, part, depth + 1).schema;
      for (const [key, value] of Object.entries(flat)) {
        if (key === 'properties' && isObject(value)) Object.assign(properties, value);
        else if (key === 'required' && Array.isArray(value))
          for (const name of value) required.add(String(name));
        else if (!(key in merged)) merged[key] = value;
      }
    }
    if (Object.keys(properties).length) merged.properties = properties;
    if (required.size) merged.required = [...required];
    return { schema: merged, ref };
  }

  compareSchema(
    rawB: unknown,
    rawA: unknown,
    dir: Direction,
    place: Place,
    prefix: string,
    path: string[],
    stack: string[],
  ): void {
    if (rawB === undefined && rawA === undefined) return;
    let { schema: b, ref: bRef } = this.flatten(this.base, rawB ?? {});
    let { schema: a, ref: aRef } = this.flatten(this.head, rawA ?? {});
    // A plain schema facing a oneOf/anyOf counts as a oneOf with that single branch, so that its
    // structure is compared with the matching branch and its documentation with the wrapper.
    if (variantsOf(b) && !variantsOf(a)) a = wrapAsVariant(a);
    else if (variantsOf(a) && !variantsOf(b)) b = wrapAsVariant(b);
    if (bRef || aRef) {
      // A recursive schema (a type version whose next_upgrade is a type version): compare each
      // pair of definitions once along one branch.
      const pair = `${bRef}|${aRef}`;
      if (stack.includes(pair)) return;
      stack = [...stack, pair];
    }
    const where = at(prefix, path);
    const emit = (rule: RuleId, message: string, extra: { before?: unknown; after?: unknown } = {}) =>
      this.emit(rule, place, where, message, extra);

    const handled = new Set<string>(['$ref', 'allOf']);
    this.compareVariants(b, a, dir, place, prefix, path, stack, handled);
    this.compareTypes(b, a, dir, emit, handled);
    this.compareEnums(b, a, dir, emit, handled);
    this.compareFormats(b, a, dir, emit, handled);
    this.compareConstraints(b, a, dir, emit, handled);
    this.compareProperties(b, a, dir, place, prefix, path, stack, handled);
    this.compareAdditionalProperties(b, a, dir, emit, place, prefix, path, stack, handled);

    handled.add('items');
    if (b.items !== undefined || a.items !== undefined) {
      this.compareSchema(b.items ?? {}, a.items ?? {}, dir, place, prefix, [...path, '[]'], stack);
    }
    handled.add('default');
    if (!isDeepStrictEqual(b.default, a.default)) {
      if (dir === 'request') {
        emit('request-default-changed', `default ${show(b.default)} → ${show(a.default)}`, {
          before: b.default,
          after: a.default,
        });
      } else {
        emit('documentation-changed', `default ${show(b.default)} → ${show(a.default)}`);
      }
    }
    handled.add('deprecated');
    if (a.deprecated === true && b.deprecated !== true) emit('deprecated', 'deprecated');
    else if (b.deprecated === true && a.deprecated !== true)
      emit('documentation-changed', 'no longer deprecated');
    // readOnly/writeOnly decide in which direction a property exists: see compareProperties.
    handled.add('readOnly');
    handled.add('writeOnly');
    handled.add('discriminator');
    if (!isDeepStrictEqual(b.discriminator, a.discriminator)) {
      emit('unclassified-change', 'discriminator changed; review by hand', {
        before: b.discriminator,
        after: a.discriminator,
      });
    }
    this.compareRest(b, a, handled, place, where);
  }

  private compareVariants(
    b: Json,
    a: Json,
    dir: Direction,
    place: Place,
    prefix: string,
    path: string[],
    stack: string[],
    handled: Set<string>,
  ) {
    handled.add('oneOf');
    handled.add('anyOf');
    const bItems = variantsOf(b);
    const aItems = variantsOf(a);
    if (!bItems || !aItems) return;
    const where = at(prefix, path);
    const discriminator = (schema: Json) =>
      isObject(schema.discriminator) ? stringOrNull(schema.discriminator.propertyName) : null;
    const bKeys = this.variantKeys(this.base, bItems, discriminator(b), this.typesOf(b));
    const aKeys = this.variantKeys(this.head, aItems, discriminator(a), this.typesOf(a));
    const pairs: Array<[number, number]> = [];
    const usedA = new Set<number>();
    bKeys.forEach((key, i) => {
      const j = aKeys.indexOf(key);
      if (j >= 0 && !usedA.has(j)) {
        pairs.push([i, j]);
        usedA.add(j);
      }
    });
    const usedB = new Set(pairs.map(([i]) => i));
    // A branch whose key changed (a plain body that became a oneOf, an inline branch that became
    // a $ref): pair the leftovers that have the same type.
    bItems.forEach((item, i) => {
      if (usedB.has(i)) return;
      const types = this.typesOf(this.flatten(this.base, item).schema);
      const j = aItems.findIndex(
        (other, k) =>
          !usedA.has(k) && isDeepStrictEqual(this.typesOf(this.flatten(this.head, other).schema), types),
      );
      if (j >= 0) {
        pairs.push([i, j]);
        usedA.add(j);
        usedB.add(i);
      }
    });
    const single = bItems.length === 1 && aItems.length === 1;
    // A branch without a type has the type of the schema around it (see variantKeys).
    const typed = (doc: OpenApiDocument, item: unknown, around: Json) => {
      const types = this.typesOf(around);
      if (!types || this.typesOf(this.flatten(doc, item).schema)) return item;
      return { allOf: [item], type: types.length === 1 ? types[0] : types };
    };
    for (const [i, j] of pairs) {
      const label = single ? path : [...path, `<${aKeys[j]}>`];
      this.compareSchema(
        typed(this.base, bItems[i], b),
        typed(this.head, aItems[j], a),
        dir,
        place,
        prefix,
        label,
        stack,
      );
    }
    bItems.forEach((_item, i) => {
      if (usedB.has(i)) return;
      const rule = dir === 'request' ? 'request-variant-removed' : 'response-variant-removed';
      this.emit(rule, place, where, `branch ${bKeys[i]} removed`);
    });
    aItems.forEach((_item, j) => {
      if (usedA.has(j)) return;
      const rule = dir === 'request' ? 'request-variant-added' : 'response-variant-added';
      this.emit(rule, place, where, `branch ${aKeys[j]} added`);
    });
  }

  /**
   * Names each branch of a oneOf so that the same branch matches across versions. A branch that
   * states no type has the type of the schema around it (`type: string` with an `anyOf` of
   * patterns), so stating it on the branch changes nothing.
   */
  private variantKeys(
    doc: OpenApiDocument,
    items: unknown[],
    discriminator: string | null,
    inherited: string[] | null,
  ): string[] {
    const keys = items.map((item) => {
      const { schema } = this.flatten(doc, item);
      const properties = isObject(schema.properties) ? schema.properties : {};
      const names = discriminator ? [discriminator] : Object.keys(properties).sort();
      for (const name of names) {
        const prop = this.resolve(doc, properties[name]).node;
        const values = enumValues(prop);
        if (values && values.length === 1) return `${name}=${String(values[0])}`;
      }
      if (isObject(item) && typeof item.$ref === 'string') return item.$ref.split('/').pop() ?? item.$ref;
      const types = this.typesOf(schema) ?? inherited;
      return types ? types.join('|') : 'any';
    });
    return keys.map((key, i) => (keys.indexOf(key) === keys.lastIndexOf(key) ? key : `${key}#${i + 1}`));
  }

  /** The JSON types a schema allows, or null when it does not say (any type). */
  private typesOf(schema: Json): string[] | null {
    let types: string[] | null = null;
    if (typeof schema.type === 'string') types = [schema.type];
    else if (Array.isArray(schema.type)) types = schema.type.map(String);
    else if (isObject(schema.properties) || schema.additionalProperties !== undefined) types = ['object'];
    else if (schema.items !== undefined) types = ['array'];
    else if (enumValues(schema)) {
      types = [...new Set((enumValues(schema) ?? []).map((v) => (v === null ? 'null' : typeof v)))];
    }
    if (types && schema.nullable === true && !types.includes('null')) types = [...types, 'null'];
    return types ? [...new Set(types)].sort() : null;
  }

  private compareTypes(
    b: Json,
    a: Json,
    dir: Direction,
    emit: (rule: RuleId, message: string, extra?: { before?: unknown; after?: unknown }) => void,
    handled: Set<string>,
  ) {
    handled.add('type');
    handled.add('nullable');
    const bTypes = this.typesOf(b);
    const aTypes = this.typesOf(a);
    if (isDeepStrictEqual(bTypes, aTypes)) return;
    const covers = (set: string[] | null, type: string) =>
      set === null || set.includes(type) || (type === 'integer' && set.includes('number'));
    const gained = aTypes === null ? ['any'] : aTypes.filter((t) => !covers(bTypes, t));
    const lost = bTypes === null ? ['any'] : bTypes.filter((t) => !covers(aTypes, t));
    const message = `type ${bTypes ? bTypes.join(' | ') : 'any'} → ${aTypes ? aTypes.join(' | ') : 'any'}`;
    const extra = { before: bTypes, after: aTypes };
    if (dir === 'response') {
      if (gained.length) emit('response-type-widened', message, extra);
      else if (lost.length) emit('response-type-narrowed', message, extra);
    } else {
      if (lost.length) emit('request-type-narrowed', message, extra);
      else if (gained.length) emit('request-type-widened', message, extra);
    }
  }

  private compareEnums(
    b: Json,
    a: Json,
    dir: Direction,
    emit: (rule: RuleId, message: string, extra?: { before?: unknown; after?: unknown }) => void,
    handled: Set<string>,
  ) {
    handled.add('enum');
    handled.add('const');
    handled.add(OPEN_ENUM);
    const bValues = enumValues(b);
    const aValues = enumValues(a);
    const bOpen = b[OPEN_ENUM] === true;
    const aOpen = a[OPEN_ENUM] === true;
    if (dir === 'request' && bOpen !== aOpen) {
      emit(
        'documentation-changed',
        `${OPEN_ENUM} ${show(b[OPEN_ENUM])} → ${show(a[OPEN_ENUM])} (ignored on requests)`,
      );
    }
    if (!bValues && !aValues) return;
    const key = (v: unknown) => JSON.stringify(v);
    const bKeys = new Set((bValues ?? []).map(key));
    const aKeys = new Set((aValues ?? []).map(key));
    const added = (aValues ?? []).filter((v) => !bKeys.has(key(v)));
    const removed = (bValues ?? []).filter((v) => !aKeys.has(key(v)));
    const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
    // "No enumeration" means any value: losing the enumeration widens, gaining one narrows.
    let widened: string | null = null;
    let narrowed: string | null = null;
    if (aValues === null) widened = 'enumeration removed';
    else if (bValues === null) narrowed = `now limited to ${list(aValues)}`;
    else {
      if (added.length) widened = `value ${list(added)} added`;
      if (removed.length) narrowed = `value ${list(removed)} removed`;
    }
    const extra = { before: bValues, after: aValues };
    if (dir === 'request') {
      if (narrowed) emit('request-enum-narrowed', narrowed, extra);
      if (widened) emit('request-enum-widened', widened, extra);
      return;
    }
    if (widened) {
      if (aOpen) emit('response-open-enum-widened', `${widened} (open enumeration)`, extra);
      else emit('response-enum-widened', `${widened} (closed enumeration)`, extra);
    }
    if (narrowed) emit('response-enum-narrowed', narrowed, extra);
    if (bValues && aValues) {
      if (!bOpen && aOpen) emit('response-enum-opened', `enumeration marked ${OPEN_ENUM}: true`);
      if (bOpen && !aOpen) emit('response-enum-closed', `enumeration no longer marked ${OPEN_ENUM}`);
    }
  }

  private compareFormats(
    b: Json,
    a: Json,
    dir: Direction,
    emit: (rule: RuleId, message: string, extra?: { before?: unknown; after?: unknown }) => void,
    handled: Set<string>,
  ) {
    handled.add('format');
    if (b.format === a.format) return;
    const message = `format ${show(b.format)} → ${show(a.format)}`;
    const extra = { before: b.format, after: a.format };
    if (dir === 'request') {
      emit(a.format === undefined ? 'request-format-relaxed' : 'request-format-restricted', message, extra);
    } else {
      emit(b.format === undefined ? 'response-format-added' : 'response-format-changed', message, extra);
    }
  }

  private compareConstraints(
    b: Json,
    a: Json,
    dir: Direction,
    emit: (rule: RuleId, message: string, extra?: { before?: unknown; after?: unknown }) => void,
    handled: Set<string>,
  ) {
    const lower = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
    const upper = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
    const exact = ['pattern', 'multipleOf'];
    for (const key of [...lower, ...upper, ...exact, 'uniqueItems']) handled.add(key);
    const report = (key: string, tightened: boolean, relaxed: boolean) => {
      const message = `${key} ${show(b[key])} → ${show(a[key])}`;
      const extra = { before: b[key], after: a[key] };
      if (dir === 'request') {
        if (tightened) emit('request-constraint-tightened', message, extra);
        else if (relaxed) emit('request-constraint-relaxed', message, extra);
      } else if (relaxed) emit('response-constraint-relaxed', message, extra);
      else if (tightened) emit('response-constraint-tightened', message, extra);
    };
    for (const key of lower) {
      const bv = b[key];
      const av = a[key];
      if (bv === av) continue;
      if (typeof av !== 'number') report(key, false, true);
      else if (typeof bv !== 'number') report(key, true, false);
      else report(key, av > bv, av < bv);
    }
    for (const key of upper) {
      const bv = b[key];
      const av = a[key];
      if (bv === av) continue;
      if (typeof av !== 'number') report(key, false, true);
      else if (typeof bv !== 'number') report(key, true, false);
      else report(key, av < bv, av > bv);
    }
    for (const key of exact) {
      if (b[key] === a[key]) continue;
      // A changed pattern may both refuse old values and allow new ones: breaking both ways.
      if (a[key] === undefined) report(key, false, true);
      else if (b[key] === undefined) report(key, true, false);
      else report(key, true, true);
    }
    if ((b.uniqueItems === true) !== (a.uniqueItems === true)) {
      report('uniqueItems', a.uniqueItems === true, b.uniqueItems === true);
    }
  }

  private compareProperties(
    b: Json,
    a: Json,
    dir: Direction,
    place: Place,
    prefix: string,
    path: string[],
    stack: string[],
    handled: Set<string>,
  ) {
    handled.add('properties');
    handled.add('required');
    // A property marked readOnly only exists in responses, writeOnly only in requests.
    const visible = (doc: OpenApiDocument, schema: Json) => {
      const props = isObject(schema.properties) ? schema.properties : {};
      const hidden = dir === 'request' ? 'readOnly' : 'writeOnly';
      return new Map(
        Object.entries(props).filter(([, prop]) => this.flatten(doc, prop).schema[hidden] !== true),
      );
    };
    const bProps = visible(this.base, b);
    const aProps = visible(this.head, a);
    const bRequired = new Set(asArray(b.required).map(String));
    const aRequired = new Set(asArray(a.required).map(String));
    const where = (name: string) => at(prefix, [...path, name]);
    for (const [name, prop] of bProps) {
      const other = aProps.get(name);
      if (other === undefined) {
        this.emit(`${dir}-property-removed`, place, where(name), `property ${name} removed`);
        continue;
      }
      const wasRequired = bRequired.has(name);
      const isRequired = aRequired.has(name);
      if (wasRequired !== isRequired) {
        if (dir === 'request') {
          this.emit(
            isRequired ? 'request-property-became-required' : 'request-property-became-optional',
            place,
            where(name),
            isRequired ? `property ${name} became required` : `property ${name} became optional`,
          );
        } else {
          this.emit(
            isRequired ? 'response-property-became-required' : 'response-property-became-optional',
            place,
            where(name),
            isRequired ? `property ${name} is now always sent` : `property ${name} may now be absent`,
          );
        }
      }
      this.compareSchema(prop, other, dir, place, prefix, [...path, name], stack);
    }
    for (const name of aProps.keys()) {
      if (bProps.has(name)) continue;
      if (dir === 'response') {
        const kind = aRequired.has(name) ? 'required' : 'optional';
        this.emit('response-property-added', place, where(name), `${kind} property ${name} added`);
      } else if (aRequired.has(name)) {
        this.emit('required-request-property-added', place, where(name), `required property ${name} added`);
      } else {
        this.emit('optional-request-property-added', place, where(name), `optional property ${name} added`);
      }
    }
  }

  private compareAdditionalProperties(
    b: Json,
    a: Json,
    dir: Direction,
    emit: (rule: RuleId, message: string, extra?: { before?: unknown; after?: unknown }) => void,
    place: Place,
    prefix: string,
    path: string[],
    stack: string[],
    handled: Set<string>,
  ) {
    handled.add('additionalProperties');
    const kind = (value: unknown) =>
      value === false ? 'none' : isObject(value) && Object.keys(value).length ? 'schema' : 'any';
    const bKind = kind(b.additionalProperties);
    const aKind = kind(a.additionalProperties);
    if (bKind === 'schema' && aKind === 'schema') {
      this.compareSchema(
        b.additionalProperties,
        a.additionalProperties,
        dir,
        place,
        prefix,
        [...path, '*'],
        stack,
      );
      return;
    }
    if (bKind === aKind) return;
    const rank = { none: 0, schema: 1, any: 2 } as const;
    const looser = rank[aKind] > rank[bKind];
    const message = `additionalProperties ${show(b.additionalProperties)} → ${show(a.additionalProperties)}`;
    if (dir === 'request')
      emit(looser ? 'request-constraint-relaxed' : 'request-constraint-tightened', message);
    else emit(looser ? 'response-constraint-relaxed' : 'response-constraint-tightened', message);
  }

  /**
   * Everything a comparison did not handle: documentation keys are cosmetic, anything else is
   * a keyword the diff does not model and is reported as such.
   */
  compareRest(b: Json, a: Json, handled: Set<string>, place: Place, where: string, alsoDoc: string[] = []) {
    const changed = changedKeys(b, a).filter((key) => !handled.has(key) || alsoDoc.includes(key));
    const doc = changed.filter((key) => isDocKey(key) || alsoDoc.includes(key));
    if (doc.length) {
      const extra =
        doc.length === 1 && doc[0] === 'description' ? { before: b.description, after: a.description } : {};
      this.emit('documentation-changed', place, where, `${doc.join(', ')} changed`, extra);
    }
    for (const key of changed.filter((k) => !doc.includes(k))) {
      this.emit(
        'unclassified-change',
        place,
        where,
        `\`${key}\` changed; the diff does not model it: review by hand`,
        {
          before: b[key],
          after: a[key],
        },
      );
    }
  }
}

/** `database.instances[].hostname` after the prefix (`response 200`). */
function at(prefix: string, path: string[]): string {
  return path.length
    ? `${prefix} › ${path
        .join('.')
        .replace(/\.\[\]/g, '[]')
        .replace(/\.</g, ' <')}`
    : prefix;
}

function variantsOf(schema: Json): unknown[] | null {
  if (Array.isArray(schema.oneOf)) return schema.oneOf;
  if (Array.isArray(schema.anyOf)) return schema.anyOf;
  return null;
}

function wrapAsVariant(schema: Json): Json {
  const wrapper: Json = {};
  const branch: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (isDocKey(key)) wrapper[key] = value;
    else branch[key] = value;
  }
  wrapper.oneOf = [branch];
  return wrapper;
}

function enumValues(schema: Json): unknown[] | null {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : null;
}

function parameterSchema(param: Json): unknown {
  if (param.schema !== undefined) return param.schema;
  if (isObject(param.content)) {
    const first = Object.values(param.content)[0];
    if (isObject(first)) return first.schema;
  }
  return undefined;
}

function pointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external $ref ${ref} left in a bundled document`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`$ref ${ref} does not resolve`);
    node = (node as Record<string, unknown>)[part];
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve`);
  }
  return node;
}

function changedKeys(b: Json, a: Json): string[] {
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (key) => !isDeepStrictEqual(b[key], a[key]),
  );
}

function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function splitKey(key: string): [string, string] {
  const space = key.indexOf(' ');
  return [key.slice(0, space).toLowerCase(), key.slice(space + 1)];
}

/** Compares two bundled OpenAPI 3.x documents and classifies every difference. */
export function diffSpecs(base: OpenApiDocument, head: OpenApiDocument): DiffResult {
  return new Differ(base, head).run();
}
