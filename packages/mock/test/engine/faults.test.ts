import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector, parseFaultShorthand } from '../../src/faults.js';
import { type Listening, listen } from '../../src/http.js';
import { tinyEngine } from './fixture.js';

const engine = tinyEngine();
const faults = new FaultInjector();
let server: Listening;

beforeAll(async () => {
  server = await listen(engine, faults, { port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

async function get(path: string) {
  const started = performance.now();
  const res = await fetch(`${server.origin}${path}`, { headers: { authorization: 'Bearer t' } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, elapsed: performance.now() - started };
}

describe('fault injection over HTTP', () => {
  it('delays the routes a latency rule names, and only those', async () => {
    faults.set([{ match: 'getThing', kind: 'latency', latencyMs: 150 }]);
    const slow = await get('/api/things/t-1');
    const fast = await get('/api/things');
    expect(slow.status).toBe(200);
    expect(slow.elapsed).toBeGreaterThanOrEqual(140);
    expect(fast.elapsed).toBeLessThan(140);
  });

  it('answers 429 with Retry-After for the next N requests of a route, then recovers', async () => {
    faults.set([{ match: 'GET /things/{thing_id}', kind: 'rate-limit', retryAfter: 7, times: 2 }]);
    const first = await get('/api/things/t-1');
    const second = await get('/api/things/t-1');
    const third = await get('/api/things/t-1');
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(first.text)).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(engine.violations).toEqual([]);
  });

  it('can send the plain-text 429 body the contract also allows', async () => {
    faults.set([{ kind: 'rate-limit', plainText: true, times: 1 }]);
    const res = await get('/api/things');
    expect(res.status).toBe(429);
    expect(res.text).toBe('Retry later');
    expect(res.headers.get('content-type')).toBe('text/plain');
  });

  it('answers 503 for an unavailable rule', async () => {
    faults.set([{ match: ['listThings'], kind: 'unavailable' }]);
    const res = await get('/api/things');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toHaveProperty('error');
  });

  it('drops the connection without an answer', async () => {
    faults.set([{ kind: 'drop', times: 1 }]);
    await expect(fetch(`${server.origin}/api/things`)).rejects.toThrow();
    expect((await get('/api/things')).status).toBe(200);
  });

  it('applies a fault at the rate given, reproducibly for a seed', async () => {
    const outcomes = async () => {
      faults.reseed(42);
      faults.set([{ kind: 'unavailable', rate: 0.3 }]);
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await get('/api/things')).status);
      return statuses;
    };
    const a = await outcomes();
    const b = await outcomes();
    expect(a).toEqual(b);
    const failures = a.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(6);
    expect(failures).toBeLessThan(36);
  });

  it('adds the global latency to every request', async () => {
    faults.clear();
    faults.latencyMs = 80;
    try {
      expect((await get('/api/things')).elapsed).toBeGreaterThanOrEqual(75);
    } finally {
      faults.latencyMs = 0;
    }
  });

  it('answers bodies over HTTP with the JSON content type and length', async () => {
    faults.clear();
    const res = await new Promise<{ status: number; type: string | undefined; length: string | undefined }>(
      (resolve, reject) => {
        request(`${server.origin}/api/things/t-1`, { headers: { authorization: 'Bearer t' } }, (r) => {
          r.resume();
          resolve({
            status: r.statusCode ?? 0,
            type: r.headers['content-type'],
            length: r.headers['content-length'],
          });
        })
          .on('error', reject)
          .end();
      },
    );
    expect(res).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(Number(res.length)).toBeGreaterThan(10);
  });
});

describe('fault rules', () => {
  it('refuses a rule with an unknown kind, naming the field', () => {
    expect(() => new FaultInjector([{ kind: 'explode' as never }])).toThrow(/faults\[0\]\.kind/);
  });

  it('refuses a rate outside 0..1', () => {
    expect(() => new FaultInjector([{ kind: 'drop', rate: 2 }])).toThrow(/faults\[0\]\.rate/);
  });

  it('refuses a rate that is not a number, such as the shorthand drop@often', () => {
    expect(() => parseFaultShorthand('drop@often')).toThrow(/\.rate: must be a number between 0 and 1/);
  });

  it('refuses a match that names no operation of the document, so a typo cannot go unnoticed', () => {
    const routes = new Set(['getDatabase', 'GET /databases/{database_id}']);
    expect(() => new FaultInjector([{ kind: 'drop', match: 'getDatabse' }], 0, 1, routes)).toThrow(
      /faults\[0\]\.match: "getDatabse" names no operation/,
    );
    expect(
      () => new FaultInjector([{ kind: 'drop', match: ['getDatabase', 'GET /database'] }], 0, 1, routes),
    ).toThrow(/"GET \/database" names no operation/);
    const accepted = new FaultInjector(
      [{ kind: 'drop', match: ['*', 'getDatabase', 'GET /databases/{database_id}'] }],
      0,
      1,
      routes,
    );
    expect(() => accepted.add({ kind: 'unavailable', match: 'nope' })).toThrow(/faults\[1\]\.match/);
  });

  it('parses the CLI shorthand', () => {
    expect(parseFaultShorthand('getDatabase=rate-limit:30@0.5')).toEqual({
      kind: 'rate-limit',
      match: 'getDatabase',
      retryAfter: 30,
      rate: 0.5,
    });
    expect(parseFaultShorthand('latency:100-300')).toEqual({ kind: 'latency', latencyMs: [100, 300] });
    expect(parseFaultShorthand('GET /databases/{database_id}=drop')).toEqual({
      kind: 'drop',
      match: 'GET /databases/{database_id}',
    });
    expect(parseFaultShorthand('createBackup=server-error@0.1')).toEqual({
      kind: 'server-error',
      match: 'createBackup',
      rate: 0.1,
    });
    expect(() => parseFaultShorthand('latency')).toThrow(/latencyMs/);
  });
});
