import {
  DatabaseClientError,
  errorFromResponse,
  NetworkError,
  type RequestSummary,
  TimeoutError,
} from './errors.js';
import { type Region, regions } from './generated/operations.js';
import { createRedactor } from './redact.js';
import type { GetToken, GetTokenContext } from './token.js';
import type { FetchLike } from './transport.js';

/**
 * Scalingo's authentication API and the main API of a region. They are not part of the Database
 * API (so not in its spec); the Database API's description names them in its authentication
 * section. Both can be overridden (`authUrl`, `apiUrl`).
 */
const AUTH_URL = 'https://auth.scalingo.com/v1';
const mainApiUrl = (region: string) => `https://api.${region}.scalingo.com/v1`;

/** A database token lives one hour from the moment it is issued. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export interface AddonTokenProviderOptions {
  /** Your Scalingo API token (dashboard or `scalingo login`). */
  apiToken: string;
  /** The name of the app the database add-on belongs to. */
  app: string;
  /** The add-on's id (also the `database_id` of the Database API). */
  addonId: string;
  /** The region of the app. Required unless `apiUrl` is given. */
  region?: Region;
  /** The authentication API (default `https://auth.scalingo.com/v1`). */
  authUrl?: string;
  /** The region's main API (default `https://api.<region>.scalingo.com/v1`). */
  apiUrl?: string;
  fetch?: FetchLike;
  /** Ask for a new token this long before the current one expires, in ms (default 5 minutes). */
  refreshMarginMs?: number;
  /** How long each of the two requests may take, in ms (default 30000). */
  timeoutMs?: number;
}

/**
 * A `getToken` that gets the add-on's database token the documented way: exchanges the API
 * token for a bearer token on the authentication API, then asks the region's main API for the
 * add-on's token. The token is kept and renewed `refreshMarginMs` before its one-hour expiry,
 * or at once after the Database API refused it.
 */
export function addonTokenProvider(options: AddonTokenProviderOptions): GetToken {
  const {
    apiToken,
    app,
    addonId,
    region,
    refreshMarginMs = 5 * 60 * 1000,
    timeoutMs = 30_000,
  } = options ?? {};
  for (const [name, value] of [
    ['apiToken', apiToken],
    ['app', app],
    ['addonId', addonId],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`addonTokenProvider: \`${name}\` must be a non-empty string`);
    }
  }
  if (!(refreshMarginMs >= 0 && refreshMarginMs < TOKEN_LIFETIME_MS)) {
    throw new TypeError(
      `addonTokenProvider: \`refreshMarginMs\` must be a number of ms from 0 to under one hour (got ${String(refreshMarginMs)})`,
    );
  }
  if (!(timeoutMs > 0 && timeoutMs < Number.POSITIVE_INFINITY)) {
    throw new TypeError(
      `addonTokenProvider: \`timeoutMs\` must be a positive number of ms (got ${String(timeoutMs)})`,
    );
  }
  if (options.apiUrl === undefined) {
    if (region === undefined) throw new TypeError('addonTokenProvider: pass `region` (or `apiUrl`)');
    if (!Object.hasOwn(regions, region)) {
      throw new TypeError(
        `addonTokenProvider: unknown region "${String(region)}" (known: ${Object.keys(regions).join(', ')})`,
      );
    }
  }
  const authUrl = (options.authUrl ?? AUTH_URL).replace(/\/+$/, '');
  const apiUrl = (options.apiUrl ?? mainApiUrl(region as string)).replace(/\/+$/, '');
  const redactor = createRedactor();
  redactor.add(apiToken);

  let held: { token: string; expiresAt: number } | undefined;
  let pending: Promise<{ token: string; expiresAt: number }> | undefined;

  // The exchange serves every call waiting for a token, so no caller's signal cancels it; each
  // request has its own time limit instead.
  async function post(url: string, summary: RequestSummary, authorization: string) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { accept: 'application/json', authorization },
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw new TimeoutError(summary, timeoutMs);
      throw new NetworkError(`${summary.method} ${summary.path}: the request failed`, summary, {
        cause: redactor.error(error),
      });
    }
    if (!response.ok) throw await errorFromResponse(response, summary, redactor.text);
    try {
      return (await response.json()) as unknown;
    } catch {
      if (signal.aborted) throw new TimeoutError(summary, timeoutMs);
      throw new DatabaseClientError(`${summary.method} ${summary.path}: the answer is not JSON`, summary);
    }
  }

  async function exchange() {
    const issuedAt = Date.now();
    const exchangeSummary = { method: 'POST', path: `${authUrl}/tokens/exchange` };
    const first = (await post(
      `${authUrl}/tokens/exchange`,
      exchangeSummary,
      `Basic ${btoa(`:${apiToken}`)}`,
    )) as { token?: unknown } | null;
    const bearer = first?.token;
    if (typeof bearer !== 'string' || !bearer) {
      throw new DatabaseClientError(`${exchangeSummary.path}: the answer has no token`, exchangeSummary);
    }
    redactor.add(bearer);
    const addonSummary = { method: 'POST', path: `${apiUrl}/apps/{app}/addons/{addon_id}/token` };
    const second = (await post(
      `${apiUrl}/apps/${encodeURIComponent(app)}/addons/${encodeURIComponent(addonId)}/token`,
      addonSummary,
      `Bearer ${bearer}`,
    )) as { addon?: { token?: unknown } } | null;
    const token = second?.addon?.token;
    if (typeof token !== 'string' || !token) {
      throw new DatabaseClientError(`${addonSummary.path}: the answer has no addon.token`, addonSummary);
    }
    redactor.add(token);
    return { token, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
  }

  return (context?: GetTokenContext) => {
    const now = Date.now();
    if (!context?.forceRefresh && held && held.expiresAt - now > refreshMarginMs) return held;
    if (!pending) {
      pending = exchange()
        .then((fresh) => {
          held = fresh;
          return fresh;
        })
        .finally(() => {
          pending = undefined;
        });
    }
    return pending;
  };
}
