import { createRedactor } from '../internal/redact.js';
import type { FetchLike } from '../internal/transport.js';
import { requireMs, requireString } from '../options.js';
import {
  AUTH_URL,
  exchangeApiToken,
  renewingToken,
  requireMargin,
  TOKEN_LIFETIME_MS,
  trimUrl,
} from './auth-request.js';
import type { GetToken } from './token.js';

export interface UserTokenProviderOptions {
  /** Your Scalingo API token (dashboard or `scalingo login`). */
  apiToken: string;
  /** The authentication API (default `https://auth.scalingo.com/v1`). */
  authUrl?: string;
  fetch?: FetchLike;
  /** Ask for a new token this long before the current one expires, in ms (default 5 minutes). */
  refreshMarginMs?: number;
  /** How long the exchange may take, in ms (default 30000). */
  timeoutMs?: number;
}

/**
 * The `exp` claim of a JWT, in epoch ms, or undefined when the token is not a JWT with a
 * numeric `exp`. The signature is not checked: the client only needs to know when to renew,
 * and the server judges the token.
 */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as {
      exp?: unknown;
    } | null;
    const exp = claims?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `getToken` for the region's main API host (`createDatabaseApiClient({ region, host: 'api' })`):
 * exchanges the API token for a user token on the authentication API, and nothing more. The
 * user token opens every database the account can reach. It is kept until `refreshMarginMs`
 * before the expiry its JWT `exp` claim announces (one hour after the exchange when it has none),
 * and exchanged again at once after the API refused it. Concurrent callers share one exchange;
 * the API token and the user tokens never appear in errors.
 */
export function userTokenProvider(options: UserTokenProviderOptions): GetToken {
  const { apiToken, refreshMarginMs = 5 * 60 * 1000, timeoutMs = 30_000 } = options ?? {};
  const who = 'userTokenProvider';
  requireString(who, 'apiToken', apiToken);
  requireMargin(who, refreshMarginMs);
  requireMs(who, 'timeoutMs', timeoutMs);
  const authUrl = trimUrl(options.authUrl ?? AUTH_URL);
  const redactor = createRedactor();
  redactor.add(apiToken);
  const settings = { fetch: options.fetch, timeoutMs, redactor };

  return renewingToken(async () => {
    const exchangedAt = Date.now();
    const token = await exchangeApiToken(authUrl, apiToken, settings);
    return { token, expiresAt: jwtExpiry(token) ?? exchangedAt + TOKEN_LIFETIME_MS };
  }, refreshMarginMs);
}
