import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createDatabaseApiClient,
  DatabaseApiError,
  DatabaseClientError,
  NetworkError,
  NotFoundError,
  PaymentRequiredError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../src/index.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const cases = [
  [400, BadRequestError, { error: 'invalid JSON', code: 'invalid_json' }],
  [401, AuthenticationError, { error: 'token has expired' }],
  [402, PaymentRequiredError, { error: 'free trial limit', url: 'https://dashboard.scalingo.com/billing' }],
  [403, PermissionError, { error: 'forbidden', code: 'forbidden' }],
  [404, NotFoundError, { resource: 'database', error: 'not found' }],
  [409, ConflictError, { error: 'an operation is already running' }],
  [422, ValidationError, { errors: { name: ['is invalid', 'is too short'] } }],
  [429, RateLimitError, { error: 'rate limit exceeded', code: 'rate_limit_exceeded' }],
  [500, ServerError, { error: 'internal error' }],
  [503, ServerError, { error: 'upstream provider failed' }],
] as const;

describe('typed errors', () => {
  for (const [status, ErrorClass, body] of cases) {
    it(`throws ${ErrorClass.name} for ${status}, with status, body, method, templated path and request id`, async () => {
      server = await startServer((_req, res) => json(res, status, body, { 'x-request-id': `req-${status}` }));
      const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: false });
      const error = await client.backups.get(DB, 'backup-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(DatabaseApiError);
      expect(error).toBeInstanceOf(DatabaseClientError);
      const e = error as DatabaseApiError;
      expect(e.name).toBe(ErrorClass.name);
      expect(e.status).toBe(status);
      expect(e.body).toEqual(body);
      expect(e.method).toBe('GET');
      expect(e.path).toBe('/databases/{database_id}/backups/{backup_id}');
      expect(e.requestId).toBe(`req-${status}`);
      expect(e.code).toBe('code' in body ? body.code : undefined);
      expect(e.message).toContain(`GET /databases/{database_id}/backups/{backup_id} answered ${status}`);
      expect(String(e)).toContain(ErrorClass.name);
    });
  }

  it('lists the problems of a 422 per field', async () => {
    server = await startServer((_req, res) =>
      json(res, 422, { errors: { name: ['is invalid'], password: ['is too short'] } }),
    );
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const error = (await client.users
      .create(DB, { name: 'x', read_only: true })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual({ name: ['is invalid'], password: ['is too short'] });
    expect(error.message).toContain('name is invalid; password is too short');
    expect(error.path).toBe('/databases/{database_id}/users');
    expect(error.method).toBe('POST');
  });

  it('names the missing resource of a 404', async () => {
    server = await startServer((_req, res) => json(res, 404, { resource: 'database', error: 'not found' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const error = (await client.databases.get(DB).catch((e: unknown) => e)) as NotFoundError;
    expect(error.resource).toBe('database');
    expect(error.message).toContain('database not found');
  });

  it('keeps a plain-text body as text', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain' });
      res.end('Retry later');
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', retry: false });
    const error = (await client.databases.get(DB).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.body).toBe('Retry later');
    expect(error.retryAfter).toBeUndefined();
  });

  it('copes with an empty error body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const error = (await client.databases.get(DB).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBeUndefined();
  });

  it('throws NetworkError when nothing listens', async () => {
    server = await startServer(() => {});
    const baseUrl = server.baseUrl;
    await server.close();
    const client = createDatabaseApiClient({ baseUrl, token: 'tok-123456', retry: { initialDelayMs: 1 } });
    const error = (await client.databases.get(DB).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/GET \/databases\/\{database_id\}: the request failed \(ECONNREFUSED\)/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says so when a rooted answer lacks its root key', async () => {
    server = await startServer((_req, res) => json(res, 200, { id: DB }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await expect(client.databases.get(DB)).rejects.toThrow(/without its root key "database"/);
  });
});
