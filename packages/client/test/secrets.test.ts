import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient, type DebugLogger } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const TOKEN = 'db-tok-9f8e7d6c5b4a3210-SECRET';

/** Everything a user could print about an error, its causes included. */
function everything(error: unknown): string {
  const parts: string[] = [String(error), inspect(error, { depth: 10, showHidden: true })];
  let current: unknown = error;
  for (let i = 0; i < 6 && current; i++) {
    if (current instanceof Error) parts.push(current.message, String(current.stack), JSON.stringify(current));
    else parts.push(String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function recorder(): DebugLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (message, details) => lines.push(`${message} ${JSON.stringify(details)}`) };
}

describe('the token never leaks', () => {
  it('not in an HTTP error, its body, stack, toString or inspect output', async () => {
    // A server that echoes the Authorization header back in its error body.
    server = await startServer((req, res) =>
      json(res, 403, { error: `refused ${req.headers.authorization}`, code: 'forbidden' }),
    );
    const logger = recorder();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: TOKEN, logger });
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(everything(error)).not.toContain(TOKEN);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
    expect(logger.lines.length).toBeGreaterThan(0);
  });

  it('not in the request id, nor in the error body the raw client hands on', async () => {
    // A server that echoes the token in its X-Request-Id and in its error body.
    server = await startServer((req, res) => {
      res.writeHead(400, {
        'content-type': 'application/json',
        'x-request-id': `rid-${req.headers.authorization}`,
      });
      res.end(JSON.stringify({ error: `bad ${req.headers.authorization}` }));
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: TOKEN });
    const error = (await client.databases.get(DB).catch((e: unknown) => e)) as { requestId?: string };
    expect(error.requestId).toBe('rid-Bearer [REDACTED]');
    expect(everything(error)).not.toContain(TOKEN);
    const raw = await client.GET('/databases/{database_id}', { params: { path: { database_id: DB } } });
    expect(raw.error).toEqual({ error: 'bad Bearer [REDACTED]' });
    expect(raw.response.headers.get('x-request-id')).toBe('rid-Bearer [REDACTED]');
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('not in a network error raised by a fetch that quotes the token', async () => {
    const client = createDatabaseApiClient({
      baseUrl: 'http://127.0.0.1:9/api',
      token: TOKEN,
      retry: false,
      fetch: async (_url, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        const inner = new Error(`socket hang up while sending ${auth}`);
        throw new TypeError(`fetch failed for ${auth}`, { cause: inner });
      },
    });
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError' });
    const text = everything(error);
    expect(text).toContain('socket hang up');
    expect(text).not.toContain(TOKEN);
  });

  it('not in a timeout error nor in the debug log of retries', async () => {
    server = await startServer((_req, res, n) => {
      if (n === 1) return json(res, 503, { error: 'later' });
      if (n === 2) return;
      json(res, 200, { database: database() });
    });
    const logger = recorder();
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: TOKEN,
      logger,
      timeoutMs: 100,
      retry: { initialDelayMs: 1, maxRetries: 1 },
    });
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(everything(error)).not.toContain(TOKEN);
    const log = logger.lines.join('\n');
    expect(log).toContain('retry');
    expect(log).toContain(`/databases/${DB}`);
    expect(log).not.toContain(TOKEN);
  });

  it('not in the client object itself', () => {
    const client = createDatabaseApiClient({ baseUrl: 'http://127.0.0.1:9/api', token: TOKEN });
    expect(inspect(client, { depth: 6, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });

  it('not after a refresh: neither the old nor the new token', async () => {
    const NEW = 'db-tok-0123456789abcdef-FRESH';
    server = await startServer((req, res) =>
      json(res, req.headers.authorization === `Bearer ${NEW}` ? 500 : 401, {
        error: `no for ${req.headers.authorization}`,
      }),
    );
    let n = 0;
    const logger = recorder();
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      getToken: () => (n++ === 0 ? TOKEN : NEW),
      logger,
    });
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500 });
    const text = everything(error) + logger.lines.join('\n');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(NEW);
  });
});
