// Property tests: whatever a client sends to a write operation, the mock answers a 4xx that names
// the offending field, never fails with a 5xx, and leaves its state as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockApi } from '../src/index.js';
import type { OperationModel } from '../src/openapi.js';
import { PG } from './helpers.js';

const api = createMockApi({ timings: 'manual' });
const token = api.tokenFor(PG);
const writes = api.model.operations.filter((op) => ['post', 'put', 'patch', 'delete'].includes(op.method));

const pathValues: Record<string, string> = {
  database_id: PG,
  backup_id: '65f1c0a2b3d4e5f6a7b8c9d0',
  username: 'reporting-ro',
  rule_id: '660a1b2c3d4e5f6a7b8c9d0e',
};

function pathOf(op: OperationModel, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? pathValues[name] ?? 'x'),
  );
}

function send(op: OperationModel, path: string, body: unknown) {
  const query = op.operationId === 'disableDatabaseFeature' ? '?feature=force-ssl' : '';
  return api.handle({
    method: op.method.toUpperCase(),
    url: `/api${path}${query}`,
    origin: 'http://127.0.0.1:4010',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Every request-body example of every write operation, with the pointer of its schema. */
const bodyCases = writes.flatMap((op) => {
  const media = op.requestBody?.content.find((m) => m.mediaType.includes('json'));
  if (!media?.schemaPointer) return [];
  return Object.entries(media.examples).map(([name, example]) => ({
    operationId: op.operationId,
    name,
    example,
    pointer: media.schemaPointer as string,
  }));
});
const operation = (id: string) => api.model.byId.get(id) as OperationModel;

type Path = (string | number)[];

function leaves(value: unknown, at: Path = []): Path[] {
  const out: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) out.push(...leaves(item, [...at, i]));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...leaves(item, [...at, key]));
  }
  return out;
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

function setAt(value: unknown, path: Path, next: unknown, remove = false): unknown {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  if (remove && !Array.isArray(parent)) delete parent[key];
  else parent[key] = next;
  return copy;
}

/** A value whose JSON type differs from the one given. */
function otherType(value: unknown): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 8 }),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.integer(), { maxLength: 2 }),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  };
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return fc.oneof(
    ...Object.entries(all)
      .filter(([k]) => k !== kind)
      .map(([, arb]) => arb),
  );
}

type Mutation = { body: unknown; field: string };

const mutation = fc.constantFrom(...bodyCases).chain(({ operationId, example, pointer }) => {
  const paths = leaves(example);
  const nameOf = (path: Path) => String([...path].reverse().find((s) => typeof s === 'string') ?? 'body');
  const options: fc.Arbitrary<Mutation>[] = [
    // A field no schema accepts.
    fc.constant<Mutation>({
      body:
        example && typeof example === 'object' && !Array.isArray(example)
          ? { ...example, zz_unknown: 1 }
          : { zz_unknown: 1 },
      field: 'zz_unknown',
    }),
    // A body that is not an object at all.
    otherType({}).map((body) => ({ body, field: 'body' })),
  ];
  if (paths.length > 0) {
    // A value of the wrong JSON type somewhere in the body.
    options.push(
      fc.constantFrom(...paths).chain((path) =>
        otherType(getAt(example, path)).map((v) => ({
          body: setAt(example, path, v),
          field: nameOf(path),
        })),
      ),
    );
    // A property left out.
    const properties = paths.filter((p) => typeof p[p.length - 1] === 'string');
    if (properties.length > 0) {
      options.push(
        fc
          .constantFrom(...properties)
          .map((path) => ({ body: setAt(example, path, undefined, true), field: nameOf(path) })),
      );
    }
  }
  return fc.oneof(...options).map((m) => ({ operationId, pointer, ...m }));
});

describe('property: schema-violating bodies', () => {
  it('get a 4xx that names the field, and change nothing', () => {
    const before = api.snapshot();
    fc.assert(
      fc.property(mutation, ({ operationId, pointer, body, field }) => {
        const op = operation(operationId);
        // Only bodies the spec refuses (some mutations still fit, e.g. an hour instead of a list).
        fc.pre(!api.engine.validator.schemaAt(pointer)(body));
        const res = send(op, pathOf(op, {}), body);
        expect(res.status, `${op.operationId}: ${JSON.stringify(res.json)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const answer = res.json as { errors?: Record<string, string[]>; error?: string };
        const named = answer.errors
          ? Object.keys(answer.errors).some((f) => f === field || f.split('.').includes(field))
          : (answer.error ?? '').includes(field);
        expect(named, `${op.operationId} should name ${field}: ${JSON.stringify(answer)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect(api.snapshot()).toEqual(before);
    expect(api.violations).toEqual([]);
  });

  it('of any JSON shape never crash the mock nor change its state', () => {
    const before = api.snapshot();
    fc.assert(
      fc.property(fc.constantFrom(...bodyCases), fc.jsonValue(), ({ operationId, pointer }, body) => {
        const op = operation(operationId);
        fc.pre(!api.engine.validator.schemaAt(pointer)(body));
        const res = send(op, pathOf(op, {}), body);
        expect([400, 422]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
    expect(api.snapshot()).toEqual(before);
  });
});

describe('property: random path values', () => {
  const value = fc
    .string({ minLength: 1, maxLength: 40, unit: 'binary' })
    .filter((s) => s !== '.' && s !== '..');
  const cases = writes.flatMap((op) => {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const media = op.requestBody?.content.find((m) => m.mediaType.includes('json'));
    const body = media ? Object.values(media.examples)[0] : undefined;
    return params.map((param) => ({ operationId: op.operationId, param, body }));
  });
  /** What a 404 names when a path value finds nothing. */
  const resources: Record<string, string> = {
    database_id: 'database',
    backup_id: 'backup',
    username: 'user',
    rule_id: 'firewall_rule',
  };

  it('get a 404 naming the resource or a 400 naming the parameter, and change nothing', () => {
    const before = api.snapshot();
    fc.assert(
      fc.property(fc.constantFrom(...cases), value, ({ operationId, param, body }, random) => {
        const op = operation(operationId);
        fc.pre(random !== pathValues[param]);
        const res = send(op, pathOf(op, { [param]: random }), body);
        const answer = res.json as { resource?: string; error?: string };
        expect(
          res.status,
          `${op.operationId} ${param}=${JSON.stringify(random)}: ${JSON.stringify(answer)}`,
        ).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        if (res.status === 404) expect(answer.resource, JSON.stringify(answer)).toBe(resources[param]);
        else expect(answer.error).toContain(param);
      }),
      { numRuns: 400 },
    );
    expect(api.snapshot()).toEqual(before);
    expect(api.violations).toEqual([]);
  });
});
