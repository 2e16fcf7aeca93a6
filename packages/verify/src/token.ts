// Where the verifier's bearer comes from: a token given as is, or a Scalingo API token, exchanged
// either for the add-on's database token (the documented way, with the app's name, through the
// client's addonTokenProvider) or, without an app, for a user bearer (its userTokenProvider).
import {
  addonTokenProvider,
  type GetToken,
  type Region,
  regions,
  userTokenProvider,
} from '@scalingo-db-api/client';
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
    return bearerOf(provider, redactor);
  }
  const provider = userTokenProvider({
    apiToken,
    ...(source.authUrl ? { authUrl: source.authUrl } : {}),
    ...(source.fetch ? { fetch: source.fetch } : {}),
  });
  return bearerOf(provider, redactor);
}

/** The bearer a client token provider gives, handed to the redactor before anyone sees it. */
function bearerOf(provider: GetToken, redactor: Redactor): () => Promise<string> {
  return async () => {
    const result = await provider({ forceRefresh: false });
    const token = typeof result === 'string' ? result : result.token;
    redactor.secret(token);
    return token;
  };
}

/** The base URL of a region, from the spec's servers (through the client's generated table). */
export function regionBaseUrl(region: string): string {
  if (!Object.hasOwn(regions, region)) {
    throw new Error(`unknown region "${region}" (known: ${Object.keys(regions).join(', ')})`);
  }
  return regions[region as Region];
}
