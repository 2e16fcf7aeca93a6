// Property-based attacks over every operation of the spec, against the built mock in its own
// process: random methods, paths, headers, query strings and bodies. Whatever arrives, the mock
// answers below 500 within 1 s, stays alive with bounded memory, and a 4xx changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApi } from '../../src/index.js';
import type { OperationModel } from '../../src/openapi.js';
import { type MockProcess, type RawRequest, send, startMockProcess } from './mock-process.js';

const PG = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';
const REDIS = 'ad-b2e5f8a1-4c7d-4a0e-9f3b-5d8c2e1a6f94';
/** Bounded in count (and so in time: each request has 1 s at most). */
const RUNS = Number(process.env.ATTACK_RUNS ?? 300);

const model = createMockApi({ timings: 'manual' }).model;
const valid: Record<string, string[]> = {
  database_id: [PG, REDIS],
  backup_id: ['65f1c0a2b3d4e5f6a7b8c9d0'],
  instance_id: ['in-4c7e2a91-0b3d-4f6a-9e8c-1d5b7a3f2e60'],
  username: ['reporting-ro'],
  rule_id: ['660a1b2c3d4e5f6a7b8c9d0e'],
  metric: ['cpu', 'diskio'],
  feature: ['force-ssl'],
  type: ['postgresql'],
};
const BIG = '<a JSON string over 1 MiB>';
const tricky = [
  '.',
  '..',
  '%2e%2e',
  '',
  '%00',
  '%ff',
  '%2F',
  'a%2Fb',
  '0x10',
  '1e308',
  '-1',
  '99999999999999999999',
];

/** Mostly `usual`, sometimes one of `others`: most requests reach an operation. */
const mostly = <T>(usual: T, others: T[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(usual) },
    { weight: 2, arbitrary: fc.constantFrom(...others) },
  );

const segment = (name: string) =>
  fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...(valid[name] ?? ['x'])) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom(...tricky) },
  );

function pathOf(op: OperationModel): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return fc
    .tuple(
      fc.tuple(...names.map(segment)),
      mostly('', ['/', '//x', '/..', '/%2e', '\\x']),
      mostly('/api', ['', '/_presigned', '/API', '//api']),
    )
    .map(([values, tail, prefix]) => {
      let i = 0;
      return `${prefix}${op.path.replace(/\{\w+\}/g, () => values[i++] as string)}${tail}`;
    });
}

const queryValue = fc.oneof(
  fc.integer({ min: -5, max: 20_000 }).map(String),
  fc.constantFrom(...tricky, 'true', 'false', '720', '721', '%20', '1%201'),
  fc.string({ maxLength: 16 }).map(encodeURIComponent),
);
function queryOf(op: OperationModel): fc.Arbitrary<string> {
  const names = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'page', 'since', 'zz'];
  return fc
    .array(fc.tuple(fc.constantFrom(...names), queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
}

function bodyOf(op: OperationModel): fc.Arbitrary<string | undefined> {
  const examples = (op.requestBody?.content ?? []).flatMap((m) => Object.values(m.examples));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: examples.length
        ? fc.constantFrom(...examples).map((e) => JSON.stringify(e))
        : fc.constant('{}'),
    },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n)) },
    // Over the 1 MiB limit (spelt out only when sent, so that a failure report stays short).
    { weight: 1, arbitrary: fc.constant(BIG) },
  );
}

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/).map((v) => v.trim());

function headersOf(
  tokens: Record<string, string>,
): fc.Arbitrary<{ headers: Record<string, string>; host: string | undefined }> {
  return fc
    .record({
      auth: mostly<string | undefined>(`Bearer ${tokens[PG]}`, [
        `Bearer ${tokens[REDIS]}`,
        'Bearer ',
        'Bearer nope',
        'Basic Zm9v',
        undefined,
      ]),
      type: mostly<string | undefined>('application/json', [
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'garbage',
        undefined,
      ]),
      host: mostly<string | undefined>(undefined, ['evil.test', '[::1', '127.0.0.1:99999', 'localhost:1']),
      extra: fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
    })
    .map(({ auth, type, host, extra }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(extra))
        if (!['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade'].includes(k))
          headers[k] = v;
      if (auth) headers.authorization = auth;
      if (type) headers['content-type'] = type;
      return { headers, host };
    });
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess();
}, 120_000);
afterAll(() => mock?.close());

describe('random requests over every operation', () => {
  it('never get a 5xx or a late answer, never kill the mock or grow its memory, and a 4xx changes nothing', async () => {
    const baseline = await mock.memory();
    const request = fc.constantFrom(...model.operations).chain((op) =>
      fc.record({
        operationId: fc.constant(op.operationId),
        method: mostly(op.method.toUpperCase(), methods),
        path: pathOf(op),
        query: queryOf(op),
        sent: headersOf(mock.tokens),
        body: bodyOf(op),
      }),
    );
    let count = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, query, sent, body }) => {
        const before = await mock.state();
        const text = body === BIG ? `"${'x'.repeat(1024 * 1024)}"` : body;
        const r: RawRequest = {
          method,
          path: path + query,
          headers: sent.headers,
          host: sent.host,
          body: text,
        };
        const res = await send(mock.port, r);
        expect(res.status, res.text.slice(0, 200)).toBeLessThan(500);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.ms).toBeLessThan(1000);
        expect(mock.alive()).toBe(true);
        if (res.status >= 400) expect(await mock.state(), `${res.status} changed the state`).toBe(before);
        if (++count % 50 === 0) {
          const { heapUsed } = await mock.memory();
          expect(heapUsed - baseline.heapUsed).toBeLessThan(64 * 1024 * 1024);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const after = await mock.memory();
    expect(after.heapUsed - baseline.heapUsed).toBeLessThan(64 * 1024 * 1024);
    expect(after.rss).toBeLessThan(512 * 1024 * 1024);
    expect(mock.logs, 'the mock logged a 500').toEqual([]);
    // The requests reached the operations, not only the refusals in front of them.
    const seen = [...statuses.keys()];
    expect(seen.filter((s) => s < 300).length, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(seen.length, JSON.stringify([...statuses])).toBeGreaterThanOrEqual(6);
    console.log(
      `random requests: ${count} sent, answers by status ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 180_000);
});
