// The two Scalingo endpoints that issue Database API tokens, served by the mock beside `/api` so
// that the whole token flow runs offline:
//   POST /v1/tokens/exchange                         the auth API: HTTP basic auth, any user name,
//                                                    the API token as password -> {"token": <user token>}
//   POST /v1/apps/{app}/addons/{addon_id}/token      the main API: user bearer
//                                                    -> {"addon": {…, "token": <database token>}}
// Both kinds of token expire one hour after they were issued, by the mock's clock. The user
// token is a JWT whose `exp` says so; it is unsigned (`alg: none`): the mock is no authority.
// A user token opens on `/api` exactly the databases of its account.
import type { Account } from './accounts.js';
import type { EngineRequest, EngineResponse } from './engine.js';
import { HttpError } from './engine.js';
import type { Store } from './state.js';

/** One hour, the lifetime of both kinds of token. */
export const TOKEN_TTL_MS = 60 * 60 * 1000;

const EXCHANGE_PATH = '/v1/tokens/exchange';
const ADDON_TOKEN_PATH = /^\/v1\/apps\/([^/]+)\/addons\/([^/]+)\/token$/;

/** What a user token opens: the databases of its account, until `expiresAt`. */
export interface UserGrant {
  kind: 'user';
  databases: ReadonlySet<string>;
  expiresAt: number;
}

const base64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): EngineResponse => ({
  status,
  headers,
  json: body,
});

/** The API token of a `Basic` authorization header (the password; the user name is ignored). */
function basicPassword(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

const bearerOf = (authorization: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];

export class TokenEndpoints {
  private readonly userTokens = new Map<string, UserGrant>();
  private readonly byApiToken: Map<string, Account>;

  constructor(
    private readonly store: Store,
    readonly accounts: readonly Account[],
  ) {
    this.byApiToken = new Map(accounts.map((account) => [account.apiToken, account]));
  }

  /** Whether a path is one of the token endpoints (any method). */
  matches(pathname: string): boolean {
    return pathname === EXCHANGE_PATH || ADDON_TOKEN_PATH.test(pathname);
  }

  /** Forgets every user token issued (the mock's reset). */
  reset(): void {
    this.userTokens.clear();
  }

  /** A new user token for an account, as the exchange issues it. */
  issueUserToken(apiToken: string, ttlMs = TOKEN_TTL_MS): string {
    const account = this.byApiToken.get(apiToken);
    if (!account) throw new Error('no account of the seed has that API token');
    const now = this.store.now();
    const exp = Math.floor((now + ttlMs) / 1000);
    const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({ iss: 'scalingo-db-api-mock', iat: Math.floor(now / 1000), exp, jti: randomId() }),
    );
    const token = `${header}.${payload}.`;
    this.userTokens.set(token, { kind: 'user', databases: account.databases, expiresAt: exp * 1000 });
    return token;
  }

  /**
   * The grant of a user token on `/api`, undefined when the token is no user token of this mock
   * (it may still be a database token); an expired one is refused with 401.
   */
  authenticate(token: string): UserGrant | undefined {
    const grant = this.userTokens.get(token);
    if (grant && grant.expiresAt <= this.store.now())
      throw new HttpError(401, { error: 'token has expired' });
    return grant;
  }

  serve(request: EngineRequest): EngineResponse {
    const { pathname } = new URL(request.url, request.origin);
    if (request.method !== 'POST') {
      return json(405, { error: `${request.method} is not allowed here: use POST` }, { allow: 'POST' });
    }
    const authorization = request.headers.authorization;
    if (pathname === EXCHANGE_PATH) {
      const apiToken = basicPassword(authorization);
      if (apiToken === undefined) {
        return json(401, { error: 'send HTTP basic authentication with the API token as password' });
      }
      if (!this.byApiToken.has(apiToken)) return json(401, { error: 'invalid API token' });
      return json(200, { token: this.issueUserToken(apiToken) });
    }
    const [, app = '', addonId = ''] = ADDON_TOKEN_PATH.exec(pathname) ?? [];
    const bearer = bearerOf(authorization);
    const grant = bearer === undefined ? undefined : this.userTokens.get(bearer);
    if (!grant)
      return json(401, { error: 'send Authorization: Bearer <user token> (from /v1/tokens/exchange)' });
    if (grant.expiresAt <= this.store.now()) return json(401, { error: 'token has expired' });
    let appName: string;
    let id: string;
    try {
      appName = decodeURIComponent(app);
      id = decodeURIComponent(addonId);
    } catch {
      return json(404, { resource: 'addon', error: 'not found' });
    }
    const state = grant.databases.has(id) ? this.store.databases.get(id) : undefined;
    const database = state?.database as { app_name?: unknown; resource_id?: unknown } | undefined;
    // An add-on of another account, or of another app, is not found, as on the real API.
    if (!state || database?.app_name !== appName) return json(404, { resource: 'addon', error: 'not found' });
    const token = this.store.issueToken(id, TOKEN_TTL_MS);
    return json(200, {
      addon: {
        id,
        ...(typeof database.resource_id === 'string' ? { resource_id: database.resource_id } : {}),
        status: 'running',
        token,
      },
    });
  }
}
