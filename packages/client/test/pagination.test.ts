import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient, DatabaseClientError, paginate } from '../src/index.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const maintenance = (n: number) => ({ id: `m${n}`, database_id: DB, type: 'no-op', status: 'done' });

/** Maintenance pages of 2 items, 5 items in all. */
function maintenancePages(url: string) {
  const params = new URL(url, 'http://x').searchParams;
  const page = Number(params.get('page') ?? '1');
  const all = [1, 2, 3, 4, 5].map(maintenance);
  const total = Math.ceil(all.length / 2);
  return {
    maintenance: all.slice((page - 1) * 2, page * 2),
    meta: {
      pagination: {
        current_page: page,
        prev_page: page > 1 ? page - 1 : null,
        next_page: page < total ? page + 1 : null,
        total_pages: total,
        total_count: all.length,
      },
    },
  };
}

describe('paginate', () => {
  it('follows meta.pagination.next_page through the maintenance list', async () => {
    server = await startServer((req, res) => json(res, 200, maintenancePages(req.url)));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const ids: string[] = [];
    for await (const m of paginate(client, 'listMaintenance', DB, { query: { per_page: 2 } })) ids.push(m.id);
    expect(ids).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/api/databases/${DB}/maintenance?per_page=2&page=1`,
      `/api/databases/${DB}/maintenance?per_page=2&page=2`,
      `/api/databases/${DB}/maintenance?per_page=2&page=3`,
    ]);
  });

  it('starts at the given page and stops after maxPages', async () => {
    server = await startServer((req, res) => json(res, 200, maintenancePages(req.url)));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const ids: string[] = [];
    for await (const m of paginate(client, 'listMaintenance', DB, { query: { page: 2 }, maxPages: 1 }))
      ids.push(m.id);
    expect(ids).toEqual(['m3', 'm4']);
    expect(server.requests).toHaveLength(1);
  });

  it('follows next_cursor while has_more through the logs archives', async () => {
    const pages: Record<string, unknown> = {
      start: {
        archives: [{ url: 'https://logs/a1' }, { url: 'https://logs/a2' }],
        next_cursor: 'c2',
        has_more: true,
      },
      c2: { archives: [{ url: 'https://logs/a3' }], next_cursor: 'c3', has_more: true },
      c3: { archives: [{ url: 'https://logs/a4' }], next_cursor: '', has_more: false },
    };
    server = await startServer((req, res) => {
      const cursor = new URL(req.url, 'http://x').searchParams.get('cursor') ?? 'start';
      json(res, 200, pages[cursor]);
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const urls: string[] = [];
    for await (const archive of paginate(client, 'listLogsArchives', DB)) urls.push(archive.url);
    expect(urls).toEqual(['https://logs/a1', 'https://logs/a2', 'https://logs/a3', 'https://logs/a4']);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/api/databases/${DB}/logs_archives`,
      `/api/databases/${DB}/logs_archives?cursor=c2`,
      `/api/databases/${DB}/logs_archives?cursor=c3`,
    ]);
  });

  it('stops instead of looping when the server repeats a cursor', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { archives: [], next_cursor: 'same', has_more: true }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const run = async () => {
      for await (const _ of paginate(client, 'listLogsArchives', DB)) {
        // nothing to read
      }
    };
    await expect(run()).rejects.toThrow(/the next cursor \(same\) does not move past same/);
    expect(server.requests).toHaveLength(2);
  });

  it('stops instead of looping when next_page does not move forward', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { maintenance: [], meta: { pagination: { current_page: 1, next_page: 1 } } }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const run = async () => {
      for await (const _ of paginate(client, 'listMaintenance', DB)) {
        // nothing to read
      }
    };
    await expect(run()).rejects.toBeInstanceOf(DatabaseClientError);
  });

  it('refuses something else than a client', () => {
    // @ts-expect-error not a client
    const iterator = paginate({}, 'listMaintenance', DB);
    return expect(iterator.next()).rejects.toThrow(
      /first argument must be a client from createDatabaseApiClient/,
    );
  });

  it('refuses an operation that is not paginated', () => {
    const client = createDatabaseApiClient({ baseUrl: 'http://127.0.0.1:9/api', token: 'tok-123456' });
    // @ts-expect-error listBackups is not paginated
    const iterator = paginate(client, 'listBackups', DB);
    return expect(iterator.next()).rejects.toThrow(/listBackups is not a paginated operation/);
  });
});
