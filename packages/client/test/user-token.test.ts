import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../src/auth/user-token-provider.js';
import { userTokenProvider } from '../src/index.js';
import { json, startServer } from './helpers/server.js';

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('jwtExpiry', () => {
  it('reads exp (seconds) as epoch ms, and nothing from what is not a JWT with a numeric exp', () => {
    expect(jwtExpiry(jwt({ exp: 1_900_000_000, sub: 'ü' }))).toBe(1_900_000_000_000);
    expect(jwtExpiry(jwt({ exp: '1900000000' }))).toBeUndefined();
    expect(jwtExpiry(jwt({}))).toBeUndefined();
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry('a.%%%.c')).toBeUndefined();
    expect(jwtExpiry('a..c')).toBeUndefined();
    expect(jwtExpiry(`${jwt({ exp: 1 })}.extra`)).toBeUndefined();
  });
});

describe('userTokenProvider', () => {
  it('keeps a user token without exp for one hour from the exchange', async () => {
    const server = await startServer((_req, res) => json(res, 200, { token: 'opaque-user-token' }));
    try {
      const before = Date.now();
      const result = (await userTokenProvider({ apiToken: 'tk-us-0123', authUrl: `${server.origin}/v1` })({
        forceRefresh: false,
      })) as { token: string; expiresAt: number };
      expect(result.token).toBe('opaque-user-token');
      expect(result.expiresAt - before).toBeGreaterThanOrEqual(3_600_000);
      expect(result.expiresAt - Date.now()).toBeLessThanOrEqual(3_600_000);
      expect(server.requests[0]?.headers.authorization).toBe(`Basic ${btoa(':tk-us-0123')}`);
    } finally {
      await server.close();
    }
  });

  it('refuses an answer without a token', async () => {
    const server = await startServer((_req, res) => json(res, 200, { nope: 1 }));
    try {
      const getToken = userTokenProvider({ apiToken: 'tk-us-0123', authUrl: `${server.origin}/v1` });
      await expect(Promise.resolve(getToken({ forceRefresh: false }))).rejects.toThrow(
        /the answer has no token/,
      );
    } finally {
      await server.close();
    }
  });
});
