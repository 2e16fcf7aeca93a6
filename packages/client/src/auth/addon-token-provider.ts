import { DatabaseClientError } from '../errors.js';
import { hosts, type Region, regions } from '../generated/operations.js';
import { createRedactor } from '../internal/redact.js';
import type { FetchLike } from '../internal/transport.js';
import { requireMs, requireString } from '../options.js';
import {
  AUTH_URL,
  exchangeApiToken,
  renewingToken,
  requestJson,
  requireMargin,
  TOKEN_LIFETIME_MS,
  trimUrl,
} from './auth-request.js';
import type { GetToken } from './token.js';

/**
 * The main API of a region, which issues add-on tokens: the origin of the region's `api` host in
 * the spec's servers, with the main API's `/v1` prefix. `apiUrl` overrides it.
 */
const mainApiUrl = (region: Region) => `${new URL(hosts[region].api).origin}/v1`;

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
  const who = 'addonTokenProvider';
  requireString(who, 'apiToken', apiToken);
  requireString(who, 'app', app);
  requireString(who, 'addonId', addonId);
  requireMargin(who, refreshMarginMs);
  requireMs(who, 'timeoutMs', timeoutMs);
  if (options.apiUrl === undefined) {
    if (region === undefined) throw new TypeError('addonTokenProvider: pass `region` (or `apiUrl`)');
    if (!Object.hasOwn(regions, region)) {
      throw new TypeError(
        `addonTokenProvider: unknown region "${String(region)}" (known: ${Object.keys(regions).join(', ')})`,
      );
    }
  }
  const authUrl = trimUrl(options.authUrl ?? AUTH_URL);
  const apiUrl = trimUrl(options.apiUrl ?? mainApiUrl(region as Region));
  const redactor = createRedactor();
  redactor.add(apiToken);
  const settings = { fetch: options.fetch, timeoutMs, redactor };

  async function issue() {
    const issuedAt = Date.now();
    const bearer = await exchangeApiToken(authUrl, apiToken, settings);
    const summary = { method: 'POST', path: `${apiUrl}/apps/{app}/addons/{addon_id}/token` };
    const answer = (await requestJson(
      `${apiUrl}/apps/${encodeURIComponent(app)}/addons/${encodeURIComponent(addonId)}/token`,
      summary,
      `Bearer ${bearer}`,
      settings,
    )) as { addon?: { token?: unknown } } | null;
    const token = answer?.addon?.token;
    if (typeof token !== 'string' || !token) {
      throw new DatabaseClientError(`${summary.path}: the answer has no addon.token`, summary);
    }
    redactor.add(token);
    return { token, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
  }

  return renewingToken(issue, refreshMarginMs);
}
