import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { defaultToken } from '../src/state.js';
import { MYSQL, PG, useMock } from './helpers.js';

const { server, client } = useMock();

describe('bearer tokens', () => {
  it('answers 401 to a request without Authorization', async () => {
    const res = await client().call('GET', `/databases/${PG}`, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/missing bearer/);
  });

  it('answers 401 to an empty bearer', async () => {
    const res = await client().call('GET', `/databases/${PG}`, { token: '' });
    expect(res.status).toBe(401);
  });

  it('answers 401 to a token the mock never issued', async () => {
    const res = await client().call('GET', `/databases/${PG}`, { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/invalid token/);
  });

  it('checks the bearer before the body', async () => {
    const res = await client().call('POST', `/databases/${PG}/users`, { token: null, raw: '{oops' });
    expect(res.status).toBe(401);
  });

  it('gives each seeded database a stable token derived from its addon_id', () => {
    expect(server().tokenFor(PG)).toBe(defaultToken(PG));
    expect(
      new Set(
        server()
          .databases()
          .map((d) => d.token),
      ).size,
    ).toBe(server().databases().length);
  });

  it('lets a token open its own database only', async () => {
    const own = await client().as(MYSQL).call('GET', `/databases/${MYSQL}`);
    expect(own.status).toBe(200);
    const other = await client().as(MYSQL).call('GET', `/databases/${PG}/backups`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ resource: 'database', error: 'not found' });
  });

  it('hides backups and operations of other databases behind the id-only paths', async () => {
    const backup = '65f1c0a2b3d4e5f6a7b8c9d0';
    expect((await client().call('GET', `/backups/${backup}`)).status).toBe(200);
    expect((await client().as(MYSQL).call('GET', `/backups/${backup}`)).status).toBe(404);
    const operation = '6610f2e3d4c5b6a7980a1b2c';
    expect((await client().call('GET', `/operations/${operation}`)).status).toBe(200);
    expect((await client().as(MYSQL).call('GET', `/operations/${operation}`)).body).toMatchObject({
      resource: 'operation',
    });
  });

  it('opens the catalogue to any valid token', async () => {
    for (const path of [
      '/database_types',
      '/firewall/managed_ranges',
      '/plans/5d3c2b1a0f9e8d7c6b5a4f3e?type=postgresql',
    ]) {
      expect((await client().as(MYSQL).call('GET', path)).status).toBe(200);
      expect((await client().call('GET', path, { token: 'nope' })).status).toBe(401);
    }
  });

  it('serves the CA certificate without a token, as the spec allows', async () => {
    const res = await client().call('GET', '/ca_certificate', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-pem-file');
    expect(res.text).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('expires an issued token after its time to live', async () => {
    const token = server().issueToken(PG, 60_000);
    expect((await client().call('GET', `/databases/${PG}`, { token })).status).toBe(200);
    server().advanceTime(60_001);
    const res = await client().call('GET', `/databases/${PG}`, { token });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('token has expired');
  });

  it('refuses to issue a token for an unknown database', () => {
    expect(() => server().issueToken('ad-nope')).toThrow(/ad-nope/);
  });
});

describe('acceptAnyToken', () => {
  it('opens every database to any non-empty bearer, and still refuses a missing one', async () => {
    const open = await startMockServer({ acceptAnyToken: true });
    try {
      const res = await fetch(`${open.url}/databases/${MYSQL}`, {
        headers: { authorization: 'Bearer whatever' },
      });
      expect(res.status).toBe(200);
      expect((await fetch(`${open.url}/databases/${MYSQL}`)).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('browsers', () => {
  it('may call the mock from another origin (CORS preflight and headers)', async () => {
    const server = await startMockServer();
    try {
      const preflight = await fetch(`${server.url}/databases/${PG}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
      const res = await fetch(`${server.url}/databases/${PG}`, {
        headers: { authorization: `Bearer ${server.tokenFor(PG)}` },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await server.close();
    }
  });
});
