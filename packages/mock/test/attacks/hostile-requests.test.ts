// The attacks of issue 13, each against the built mock in its own process over HTTP: every one
// gets a clear 4xx (or the documented behaviour), changes nothing, and the mock stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApi } from '../../src/index.js';
import { type MockProcess, type RawRequest, send, startMockProcess } from './mock-process.js';

const PG = 'ad-3f8e1c2a-5b7d-4e9f-a1c3-6d2b8e0f4a71';
const BACKUP = '65f1c0a2b3d4e5f6a7b8c9d0';
const INSTANCE = 'in-4c7e2a91-0b3d-4f6a-9e8c-1d5b7a3f2e60';
const PUBLIC = 'http://mock.example:4010';

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess({ publicUrl: PUBLIC });
}, 120_000);
afterAll(() => mock?.close());

const authed = (r: RawRequest): RawRequest => ({
  ...r,
  headers: { authorization: `Bearer ${mock.tokens[PG]}`, ...r.headers },
});

/** Sends the request and checks that the mock answered in time, changed nothing and is alive. */
async function attack(r: RawRequest) {
  const before = await mock.state();
  const res = await send(mock.port, authed(r));
  expect(res.ms).toBeLessThan(1000);
  expect(await mock.state(), 'a 4xx changed the state').toBe(before);
  expect(mock.alive()).toBe(true);
  return { ...res, json: res.text ? JSON.parse(res.text) : undefined };
}

describe('integer parameters are bounded and written in decimal digits', () => {
  it.each([
    ['since=10000000', { since: ['must be at most 720'] }],
    ['since=1000000', { since: ['must be at most 720'] }],
    ['since=1e308', { since: ['must be a whole number written in decimal digits'] }],
    ['since=0x10', { since: ['must be a whole number written in decimal digits'] }],
    ['since=%205', { since: ['must be a whole number written in decimal digits'] }],
    ['since=0', { since: ['must be at least 1'] }],
  ])(
    'answers 422 to a metric series with %s, for the database and for an instance',
    async (query, errors) => {
      for (const path of [
        `/api/databases/${PG}/metrics/cpu?${query}`,
        `/api/databases/${PG}/instances/${INSTANCE}/metrics/cpu?${query}`,
      ]) {
        const res = await attack({ path });
        expect(res.status).toBe(422);
        expect(res.json).toEqual({ errors });
      }
    },
  );

  it('answers the longest series allowed (720 hours) in a few hundred kilobytes', async () => {
    const before = await mock.memory();
    const res = await attack({ path: `/api/databases/${PG}/metrics/memory?since=720` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveLength(720 * 3);
    expect(res.bytes).toBeLessThan(512 * 1024);
    expect((await mock.memory()).heapUsed - before.heapUsed).toBeLessThan(16 * 1024 * 1024);
  });

  it.each([
    ['page=0x10', 'page', 'must be a whole number written in decimal digits'],
    ['page=%205', 'page', 'must be a whole number written in decimal digits'],
    ['page=5%20', 'page', 'must be a whole number written in decimal digits'],
    ['page=1.0', 'page', 'must be a whole number written in decimal digits'],
    ['page=12345678901234567890', 'page', 'must be at most 10000'],
    ['per_page=1e3', 'per_page', 'must be a whole number written in decimal digits'],
    ['per_page=101', 'per_page', 'must be at most 100'],
  ])('answers 422 to the maintenance list with %s', async (query, name, message) => {
    const res = await attack({ path: `/api/databases/${PG}/maintenance?${query}` });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ errors: { [name]: [message] } });
  });

  it('answers 422 to a 20-digit logs archives page instead of echoing 1e20', async () => {
    const res = await attack({ path: `/api/databases/${PG}/logs_archives?page=12345678901234567890` });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ errors: { page: ['must be at most 10000'] } });
  });

  it('gives every integer parameter of the spec a maximum', () => {
    const api = createMockApi({ timings: 'manual' });
    const unbounded = api.model.operations.flatMap((op) =>
      op.parameters
        .filter((p) => p.schema?.type === 'integer' && typeof p.schema?.maximum !== 'number')
        .map((p) => `${op.operationId} ${p.in} ${p.name}`),
    );
    const integers = api.model.operations.flatMap((op) =>
      op.parameters.filter((p) => p.schema?.type === 'integer'),
    );
    expect(integers.length).toBeGreaterThan(0);
    expect(unbounded).toEqual([]);
  });
});

describe('the public origin is fixed at start', () => {
  it('keeps archive URLs, logs URLs and Location headers on the public origin whatever the Host says', async () => {
    const host = 'evil.test';
    const archive = await attack({ path: `/api/databases/${PG}/backups/${BACKUP}/archive`, host });
    expect(archive.status).toBe(200);
    expect(archive.json.download_url).toMatch(new RegExp(`^${PUBLIC}/`));
    const logs = await attack({ path: `/api/databases/${PG}/logs`, host });
    expect(logs.json.url).toMatch(new RegExp(`^${PUBLIC}/`));
    // The upgrade is a 202 that changes the state: sent without the state check.
    const upgrade = await send(
      mock.port,
      authed({ method: 'POST', path: `/api/databases/${PG}/upgrade`, host }),
    );
    expect(upgrade.status).toBe(202);
    expect(upgrade.headers.location).toMatch(new RegExp(`^${PUBLIC}/api/operations/`));
  });

  it.each(['[::1', '127.0.0.1:99999', 'a b', 'evil.test:80:80', '[not-an-ip]'])(
    'answers 400 with a JSON body to the malformed Host %j',
    async (host) => {
      const res = await attack({ path: `/api/databases/${PG}`, host });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'invalid_host' });
    },
  );

  it('accepts well-formed hosts, IPv6 literals included', async () => {
    for (const host of ['localhost', 'localhost:4010', '[::1]:4010', 'mock.example'])
      expect((await attack({ path: `/api/databases/${PG}`, host })).status).toBe(200);
  });
});

describe('dot and empty segments are never resolved', () => {
  it.each([
    ['POST', `/api/databases/${PG}/users/%2e%2e/backups`],
    ['POST', `/api/databases/${PG}/users/%2E%2e/backups`],
    ['GET', `/api/databases/${PG}/backups/..`],
    ['GET', `/api/databases/${PG}/backups/.`],
    ['GET', `/api/databases/${PG}/backups/%2e`],
    ['GET', `/api/databases//${PG}`],
    ['GET', `/api/databases/${PG}/`],
    ['GET', `/api/databases/${PG}\\..`],
    ['GET', `/_presigned/../api/databases/${PG}`],
  ])('answers 404 to %s %s', async (method, path) => {
    const res = await attack({
      method,
      path,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/never resolved/);
  });
});

describe('request bodies', () => {
  const rule = (n: number) =>
    JSON.stringify({ firewall_rule: { type: 'custom_range', cidr: `10.${n}.0.0/16`, label: 'x' } });

  it.each([
    ['text/plain', 'got text/plain'],
    ['application/x-www-form-urlencoded', 'got application/x-www-form-urlencoded'],
    [undefined, 'no Content-Type was sent'],
  ])('answers 415 with a JSON error body to JSON sent as %s', async (type, why) => {
    const res = await attack({
      method: 'POST',
      path: `/api/databases/${PG}/firewall_rules`,
      headers: type ? { 'content-type': type } : {},
      body: rule(1),
    });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ code: 'unsupported_media_type', error: expect.stringContaining(why) });
  });

  it('accepts JSON with a charset or a +json type', async () => {
    for (const [n, type] of [
      [2, 'application/json; charset=utf-8'],
      [3, 'application/merge-patch+json'],
    ] as const) {
      const res = await send(
        mock.port,
        authed({
          method: 'POST',
          path: `/api/databases/${PG}/firewall_rules`,
          headers: { 'content-type': type },
          body: rule(n),
        }),
      );
      expect(res.status).toBe(201);
    }
  });

  it('answers 413 with a JSON body to a body over 1 MiB, whether announced or streamed', async () => {
    const big = rule(4).replace('"x"', JSON.stringify('x'.repeat(1024 * 1024)));
    for (const headers of [
      { 'content-type': 'application/json' } as Record<string, string>,
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    ]) {
      const res = await attack({
        method: 'POST',
        path: `/api/databases/${PG}/firewall_rules`,
        headers,
        body: big,
      });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({
        code: 'payload_too_large',
        error: expect.stringContaining('1048576 bytes'),
      });
    }
  });
});

describe('HEAD', () => {
  it('answers every GET route with the status and headers of GET and no body', async () => {
    const api = createMockApi({ timings: 'manual' });
    const values: Record<string, string> = {
      database_id: PG,
      backup_id: BACKUP,
      instance_id: INSTANCE,
      metric: 'cpu',
    };
    const gets = api.model.operations.filter((op) => op.method === 'get');
    expect(gets.length).toBeGreaterThan(20);
    for (const op of gets) {
      const path = `/api${op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x')}`;
      const query = op.operationId === 'getPlan' ? '?type=postgresql' : '';
      const get = await send(mock.port, authed({ path: path + query }));
      const head = await attack({ method: 'HEAD', path: path + query });
      expect(head.status, `HEAD ${op.path}`).toBe(get.status);
      expect(head.status, `HEAD ${op.path}`).not.toBe(405);
      expect(head.bytes).toBe(0);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
    }
  });
});

describe('failures are logged', () => {
  it('logs each 500 with the operation and the reason', async () => {
    const failing = await startMockProcess({ failing: 'getDatabase' });
    try {
      const res = await send(failing.port, {
        path: `/api/databases/${PG}?x=secret-query`,
        headers: { authorization: `Bearer ${failing.tokens[PG]}` },
      });
      expect(res.status).toBe(500);
      await expect
        .poll(() => failing.logs)
        .toEqual([
          `scalingo-db-api-mock: 500 on getDatabase (GET /api/databases/${PG}): the mock failed: injected failure`,
        ]);
      expect(failing.alive()).toBe(true);
    } finally {
      await failing.close();
    }
  }, 60_000);
});
