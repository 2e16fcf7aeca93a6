import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';
import { PG } from './helpers.js';

// Prism's proxy and generators that ignore the path of `servers` send `/databases/…`.
describe('paths at the root (pathsAtRoot, --paths-at-root)', () => {
  let plain: MockServer;
  let rooted: MockServer;
  beforeAll(async () => {
    [plain, rooted] = await Promise.all([
      startMockServer({ timings: 'manual' }),
      startMockServer({ timings: 'manual', pathsAtRoot: true }),
    ]);
  });
  afterAll(() => Promise.all([plain.close(), rooted.close()]));

  const get = (server: MockServer, path: string) =>
    fetch(`${server.url.replace(/\/api$/, '')}${path}`, {
      headers: { authorization: `Bearer ${server.tokenFor(PG)}` },
    });

  it('answers only under /api by default, naming the prefix', async () => {
    const res = await get(plain, `/databases/${PG}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('paths start with /api');
    expect((await get(plain, `/api/databases/${PG}`)).status).toBe(200);
  });

  it('answers the same operation with and without /api when asked to', async () => {
    const [bare, prefixed] = await Promise.all([
      get(rooted, `/databases/${PG}`),
      get(rooted, `/api/databases/${PG}`),
    ]);
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual(await prefixed.json());
    expect(rooted.violations).toEqual([]);
  });

  it('still refuses what is no operation, at the root as under /api', async () => {
    expect((await get(rooted, '/nothing-here')).status).toBe(404);
    expect((await get(rooted, '/api/nothing-here')).status).toBe(404);
  });
});
