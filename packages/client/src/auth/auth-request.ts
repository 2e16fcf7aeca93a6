// The requests the token providers and the region lookup send to Scalingo's authentication API
// and to a region's main API. Those APIs are not part of the Database API (so not in its spec);
// the spec's description names the calls in its authentication section.
import {
  DatabaseClientError,
  errorFromResponse,
  NetworkError,
  type RequestSummary,
  TimeoutError,
} from '../errors.js';
import type { Redactor } from '../internal/redact.js';
import type { FetchLike } from '../internal/transport.js';
import type { GetToken, GetTokenContext } from './token.js';

/** Scalingo's authentication API (token exchange, regions list). `authUrl` overrides it. */
export const AUTH_URL = 'https://auth.scalingo.com/v1';

/** A token of Scalingo's APIs lives one hour from the moment it is issued. */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export interface AuthRequestSettings {
  fetch?: FetchLike | undefined;
  /** How long the request may take, in ms. */
  timeoutMs: number;
  redactor: Redactor;
}

/** Throws a TypeError unless the margin is from 0 to under one token lifetime. */
export function requireMargin(who: string, refreshMarginMs: number): void {
  if (!(refreshMarginMs >= 0 && refreshMarginMs < TOKEN_LIFETIME_MS)) {
    throw new TypeError(
      `${who}: \`refreshMarginMs\` must be a number of ms from 0 to under one hour (got ${String(refreshMarginMs)})`,
    );
  }
}

/** The URL without its trailing slashes. */
export const trimUrl = (url: string) => url.replace(/\/+$/, '');

/**
 * Sends one request and reads its JSON answer. A request serves every caller waiting for a
 * token, so no caller's signal cancels it: it has its own time limit instead. An error status
 * becomes the client's typed error (401 → AuthenticationError), its body masked.
 */
export async function requestJson(
  url: string,
  summary: RequestSummary,
  authorization: string | undefined,
  settings: AuthRequestSettings,
): Promise<unknown> {
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: summary.method,
      headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw new TimeoutError(summary, settings.timeoutMs);
    throw new NetworkError(`${summary.method} ${summary.path}: the request failed`, summary, {
      cause: settings.redactor.error(error),
    });
  }
  if (!response.ok) throw await errorFromResponse(response, summary, settings.redactor.text);
  try {
    return (await response.json()) as unknown;
  } catch {
    if (signal.aborted) throw new TimeoutError(summary, settings.timeoutMs);
    throw new DatabaseClientError(`${summary.method} ${summary.path}: the answer is not JSON`, summary);
  }
}

/**
 * Exchanges a Scalingo API token for a user token: `POST <authUrl>/tokens/exchange` with HTTP
 * basic authentication, an empty user name and the API token as password; the answer is
 * `{"token": "…"}`. The user token is added to the redactor before it is returned.
 */
export async function exchangeApiToken(
  authUrl: string,
  apiToken: string,
  settings: AuthRequestSettings,
): Promise<string> {
  const summary = { method: 'POST', path: `${authUrl}/tokens/exchange` };
  const answer = (await requestJson(summary.path, summary, `Basic ${btoa(`:${apiToken}`)}`, settings)) as {
    token?: unknown;
  } | null;
  const token = answer?.token;
  if (typeof token !== 'string' || !token) {
    throw new DatabaseClientError(`${summary.path}: the answer has no token`, summary);
  }
  settings.redactor.add(token);
  return token;
}

/** A token and the moment (epoch ms) it expires. */
export interface HeldToken {
  token: string;
  expiresAt: number;
}

/**
 * A `getToken` over `issue`: keeps the last token, asks again `refreshMarginMs` before it
 * expires or when the client says the API refused it (`forceRefresh`), and shares one request
 * between every caller waiting meanwhile.
 */
export function renewingToken(issue: () => Promise<HeldToken>, refreshMarginMs: number): GetToken {
  let held: HeldToken | undefined;
  let pending: Promise<HeldToken> | undefined;
  return (context?: GetTokenContext) => {
    if (!context?.forceRefresh && held && held.expiresAt - Date.now() > refreshMarginMs) return held;
    pending ??= issue()
      .then((fresh) => {
        held = fresh;
        return fresh;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
