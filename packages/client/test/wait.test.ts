import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient, WaitFailedError, waitForBackup, waitForOperation } from '../src/index.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const fast = { intervalMs: 5, maxIntervalMs: 20 };

function sequence(statuses: string[], wrap: (status: string) => unknown) {
  return startServer((_req, res, n) =>
    json(res, 200, wrap(statuses[Math.min(n, statuses.length) - 1] as string)),
  );
}

describe('waitForBackup', () => {
  it('polls until done and reports every state', async () => {
    server = await sequence(['scheduled', 'running', 'running', 'done'], (status) => ({
      database_backup: { id: 'b1', database_id: DB, status },
    }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const seen: string[] = [];
    const backup = await waitForBackup(client, DB, 'b1', {
      ...fast,
      onUpdate: (b) => seen.push(String(b.status)),
    });
    expect(backup.status).toBe('done');
    expect(seen).toEqual(['scheduled', 'running', 'running', 'done']);
    expect(server.requests.every((r) => r.url === `/api/databases/${DB}/backups/b1`)).toBe(true);
  });

  it('rejects with a clear error when the backup fails', async () => {
    server = await sequence(['running', 'error'], (status) => ({ database_backup: { id: 'b1', status } }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const error = await waitForBackup(client, DB, 'b1', fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitFailedError);
    expect(error).toMatchObject({ resource: 'backup', id: 'b1', status: 'error' });
    expect((error as Error).message).toBe('backup b1 ended with status "error"');
  });

  it('keeps polling through a status it does not know', async () => {
    server = await sequence(['compressing', 'done'], (status) => ({ database_backup: { id: 'b1', status } }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(waitForBackup(client, DB, 'b1', fast)).resolves.toMatchObject({ status: 'done' });
    expect(server.requests).toHaveLength(2);
  });

  it('stops when aborted', async () => {
    server = await sequence(['running'], (status) => ({ database_backup: { id: 'b1', status } }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const reason = new Error('enough');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 60);
    await expect(waitForBackup(client, DB, 'b1', { ...fast, signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  it('refuses an interval that a timer cannot wait, naming it, before any read', async () => {
    server = await sequence(['done'], (status) => ({ database_backup: { id: 'b1', status } }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    // 0 or NaN would poll the API as fast as it answers; above 2³¹ − 1 ms, setTimeout fires at once.
    for (const [name, value] of [
      ['intervalMs', 0],
      ['intervalMs', Number.NaN],
      ['maxIntervalMs', -1],
      ['maxIntervalMs', 2 ** 31],
    ] as const) {
      await expect(waitForBackup(client, DB, 'b1', { ...fast, [name]: value })).rejects.toThrow(
        `waitForBackup: \`${name}\` must be from 1 to 2147483647 ms, got ${value}`,
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('slows down between reads, up to maxIntervalMs', async () => {
    const times: number[] = [];
    server = await startServer((_req, res, n) => {
      times.push(performance.now());
      json(res, 200, { database_backup: { id: 'b1', status: n < 5 ? 'running' : 'done' } });
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await waitForBackup(client, DB, 'b1', { intervalMs: 20, maxIntervalMs: 45 });
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // 20, 30, 45, 45 ms
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(28);
    expect(gaps[2]).toBeGreaterThanOrEqual(43);
    expect(gaps[3]).toBeGreaterThanOrEqual(43);
  });
});

describe('waitForOperation', () => {
  const operation = (status: string) => ({
    operation: {
      id: 'op1',
      type: 'upgrade',
      status,
      error: status === 'user-error' ? 'plan too small' : null,
    },
  });

  it('polls /operations/{id} until finished', async () => {
    server = await sequence(['pending', 'running', 'finished'], operation);
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(waitForOperation(client, 'op1', fast)).resolves.toMatchObject({
      id: 'op1',
      status: 'finished',
    });
    expect(server.requests[0]?.url).toBe('/api/operations/op1');
  });

  it('uses the database-scoped path when given the database', async () => {
    server = await sequence(['finished'], operation);
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await waitForOperation(client, 'op1', { ...fast, databaseId: DB });
    expect(server.requests[0]?.url).toBe(`/api/databases/${DB}/operations/op1`);
  });

  for (const status of ['error', 'user-error', 'cancelled']) {
    it(`rejects on ${status}, quoting the operation's error`, async () => {
      server = await sequence(['running', status], operation);
      const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
      const error = await waitForOperation(client, 'op1', fast).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaitFailedError);
      expect(error).toMatchObject({ resource: 'operation', id: 'op1', status });
      if (status === 'user-error') expect((error as Error).message).toContain('plan too small');
    });
  }
});
