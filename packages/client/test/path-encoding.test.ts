import { afterEach, describe, expect, it } from 'vitest';
import { createDatabaseApiClient } from '../src/index.js';
import { DB, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
afterEach(() => server?.close());

const user = { name: 'x', read_only: true, protected: false };

const awkward = [
  ['a slash', 'reporting/ro', 'reporting%2Fro'],
  ['dot segments inside a value', '../../databases', '..%2F..%2Fdatabases'],
  ['two dots within a name', 'a..b', 'a..b'],
  ['spaces', 'report user', 'report%20user'],
  ['unicode', 'utilisateur-été-✓', 'utilisateur-%C3%A9t%C3%A9-%E2%9C%93'],
  ['a query and a fragment', 'u?x=1#y', 'u%3Fx%3D1%23y'],
  ['percent signs', '100%25', '100%2525'],
] as const;

describe('path parameters are encoded, never interpreted', () => {
  for (const [what, value, encoded] of awkward) {
    it(`encodes ${what} into one segment (facade and typed client)`, async () => {
      server = await startServer((_req, res) => json(res, 200, { database_user: user }));
      const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
      await client.users.resetPassword(DB, value);
      await client.POST('/databases/{database_id}/users/{username}/reset_password', {
        params: { path: { database_id: DB, username: value } },
      });
      const expected = `/api/databases/${DB}/users/${encoded}/reset_password`;
      expect(server.requests.map((r) => r.url)).toEqual([expected, expected]);
      const segment = server.requests[0]?.url.split('/')[5] ?? '';
      expect(decodeURIComponent(segment)).toBe(value);
    });
  }

  for (const bad of ['.', '..', '']) {
    it(`refuses ${JSON.stringify(bad)} as a whole segment, before sending anything`, async () => {
      server = await startServer((_req, res) => json(res, 200, { database_user: user }));
      const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
      await expect(client.users.resetPassword(DB, bad)).rejects.toThrow(/path parameter username/);
      await expect(
        client.POST('/databases/{database_id}/users/{username}/reset_password', {
          params: { path: { database_id: DB, username: bad } },
        }),
      ).rejects.toThrow(/path parameter username/);
      expect(server.requests).toHaveLength(0);
    });
  }

  it('refuses a missing path parameter with its name', async () => {
    const client = createDatabaseApiClient({ baseUrl: 'http://127.0.0.1:9/api', token: 'tok-123456' });
    // @ts-expect-error the backup id is missing
    await expect(client.backups.get(DB)).rejects.toThrow(
      /getBackup: path parameter backup_id must be a non-empty string/,
    );
  });

  it('encodes query values', async () => {
    server = await startServer((_req, res) => json(res, 200, { message: 'ok' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    await client.features.disable(DB, { query: { feature: 'force-ssl&x=1' } });
    expect(server.requests[0]?.url).toBe(`/api/databases/${DB}/features?feature=force-ssl%26x%3D1`);
  });
});
