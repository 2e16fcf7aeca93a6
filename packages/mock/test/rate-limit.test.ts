import { describe, expect, it } from 'vitest';
import { createMockApi, type MockApi } from '../src/index.js';
import { PG } from './helpers.js';

function get(api: MockApi, path: string, token: string | null) {
  return api.handle({
    method: 'GET',
    url: `/api${path}`,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    origin: 'http://127.0.0.1',
  });
}

describe('the rate limit', () => {
  it('is off by default', () => {
    const api = createMockApi();
    const statuses = Array.from({ length: 100 }, () => get(api, `/databases/${PG}`, api.tokenFor(PG)).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('answers 429 with Retry-After past the limit of a bearer, until its window ends on the mock’s clock', () => {
    let now = Date.parse('2026-11-27T10:00:00Z');
    const api = createMockApi({ now: () => now, rateLimit: { requests: 60 } });
    const token = api.tokenFor(PG);
    for (let i = 0; i < 60; i++) expect(get(api, `/databases/${PG}`, token).status).toBe(200);
    now += 20_000;
    const refused = get(api, `/databases/${PG}`, token);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    expect(refused.json).toMatchObject({ code: 'rate_limit_exceeded' });
    // Another bearer has its own count; a request without one too (the public CA certificate).
    expect(get(api, `/databases/${PG}`, api.issueToken(PG)).status).toBe(200);
    expect(get(api, '/ca_certificate', null).status).toBe(200);
    now += 40_000;
    expect(get(api, `/databases/${PG}`, token).status).toBe(200);
    expect(api.violations).toEqual([]);
  });

  it('is checked before the bearer, and leaves the state unchanged', () => {
    const api = createMockApi({ rateLimit: { requests: 1, perMs: 1000 } });
    expect(get(api, `/databases/${PG}`, 'nobody').status).toBe(401);
    const before = api.snapshot();
    const post = api.handle({
      method: 'POST',
      url: `/api/databases/${PG}/backups`,
      headers: { authorization: 'Bearer nobody' },
      origin: 'http://127.0.0.1',
    });
    expect(post.status).toBe(429);
    expect(api.snapshot()).toEqual(before);
  });

  it('refuses limits that are not a positive count and window', () => {
    expect(() => createMockApi({ rateLimit: { requests: 0 } })).toThrow(/rateLimit\.requests/);
    expect(() => createMockApi({ rateLimit: { requests: 1.5 } })).toThrow(/rateLimit\.requests/);
    expect(() => createMockApi({ rateLimit: { requests: 5, perMs: 0 } })).toThrow(/rateLimit\.perMs/);
  });
});
