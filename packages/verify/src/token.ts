// Where the verifier's bearer comes from: a token given as is, or a Scalingo API token, exchanged
// either for the add-on's database token (the documented way, with the app's name, through the
// client's addonTokenProvider) or, without an app, for a user bearer alone.
import { addonTokenProvider, type Region, regions } from '@scalingo-db-api/client';
import type { FetchLike } from './gentle.js';
import type { Redactor } from './redact.js';

export interface TokenSource {
  /** A bearer to send as is (a database token). */
  token?: string | undefined;
  /** A Scalingo API token to exchange. */
  apiToken?: string | undefined;
  /** The app the database add-on belongs to: with it, the API token gives the add-on's token. */
  app?: string | undefined;
  database: string;
  region?: Region | undefined;
  /** The authentication API, `/v1` included (default Scalingo's). */
  authUrl?: string | undefined;
  /** The region's main API, `/v1` included (default the region's). */
  apiUrl?: string | undefined;
  fetch?: FetchLike | undefined;
}

/** Scalingo's authentication API (not part of the Database API, so not in its spec). */
const DEFAULT_AUTH_URL = 'https://auth.scalingo.com/v1';

/**
 * Exchanges a Scalingo API token for a user bearer: `POST /v1/tokens/exchange` with HTTP basic
 * authentication, an empty user name and the API token as password, answering `{"token": …}`.
 *
 * MERGE NOTE: a stand-in for the client's `userTokenProvider({ apiToken })` (issue 10, on
 * another branch); replace this function with it once both branches are merged.
 */
export async function exchangeApiToken(
  apiToken: string,
  authUrl: string = DEFAULT_AUTH_URL,
  fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
): Promise<string> {
  const url = `${authUrl.replace(/\/+$/, '')}/tokens/exchange`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { accept: 'application/json', authorization: `Basic ${btoa(`:${apiToken}`)}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new Error(`the token exchange (POST ${url}) failed: ${(error as Error).name}`);
  }
  if (!response.ok) {
    throw new Error(`the token exchange (POST ${url}) answered ${response.status}: check the API token`);
  }
  const body = (await response.json().catch(() => undefined)) as { token?: unknown } | undefined;
  if (typeof body?.token !== 'string' || body.token === '') {
    throw new Error(`the token exchange (POST ${url}) answered no token`);
  }
  return body.token;
}

/** A function giving the bearer to send; every secret it meets is handed to the redactor first. */
export function tokenGetter(source: TokenSource, redactor: Redactor): () => Promise<string> {
  redactor.secret(source.token);
  redactor.secret(source.apiToken);
  if (source.token) {
    const token = source.token;
    return async () => token;
  }
  if (!source.apiToken) {
    throw new Error(
      'no token: pass --token (a database token) or --api-token (a Scalingo API token), or set DB_API_TOKEN or SCALINGO_API_TOKEN',
    );
  }
  const apiToken = source.apiToken;
  if (source.app) {
    if (!source.apiUrl && !source.region)
      throw new Error('--app needs --region (or --api-url) to reach the main API');
    const provider = addonTokenProvider({
      apiToken,
      app: source.app,
      addonId: source.database,
      ...(source.region ? { region: source.region } : {}),
      ...(source.authUrl ? { authUrl: source.authUrl } : {}),
      ...(source.apiUrl ? { apiUrl: source.apiUrl } : {}),
      ...(source.fetch ? { fetch: source.fetch } : {}),
    });
    return async () => {
      const result = await provider({ forceRefresh: false });
      const token = typeof result === 'string' ? result : result.token;
      redactor.secret(token);
      return token;
    };
  }
  let exchanged: Promise<string> | undefined;
  return () => {
    exchanged ??= exchangeApiToken(apiToken, source.authUrl, source.fetch).then((token) => {
      redactor.secret(token);
      return token;
    });
    return exchanged;
  };
}

/** The base URL of a region, from the spec's servers (through the client's generated table). */
export function regionBaseUrl(region: string): string {
  if (!Object.hasOwn(regions, region)) {
    throw new Error(`unknown region "${region}" (known: ${Object.keys(regions).join(', ')})`);
  }
  return regions[region as Region];
}
