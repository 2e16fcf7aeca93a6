import type { Client } from 'openapi-fetch';
import { createTokenCache, type GetToken } from './auth/token.js';
import {
  clientVersion,
  defaultHostKind,
  facade,
  type HostKind,
  hosts,
  type Region,
} from './generated/operations.js';
import type { paths } from './generated/schema.js';
import { createCaller } from './internal/call.js';
import { createRedactor, redactErrorResponse } from './internal/redact.js';
import { register } from './internal/registry.js';
import {
  createTransport,
  DEFAULT_RETRY,
  type DebugLogger,
  type FetchLike,
  type RetryOptions,
  settings,
} from './internal/transport.js';
import { exactlyOneOf, kindOf, requireString } from './options.js';
import { createTypedClient } from './typed-client.js';
import type { Facade } from './types.js';

export interface DatabaseApiClientOptions {
  /** The region of the database; the client calls that region's Database API. */
  region?: Region;
  /**
   * Which host of the region to call (with `region`): `'db-api'` (the default, documented),
   * which takes the add-on's database token, or `'api'`, the region's main API, which takes
   * the user token (see `userTokenProvider`). The kinds come from the spec's servers.
   */
  host?: HostKind;
  /**
   * The base URL of the API, `…/api` included, instead of `region` (a mock, a proxy, or a
   * region found with `resolveRegion`).
   */
  baseUrl?: string;
  /**
   * A token: the add-on's database token, or a user token on the main API host. Both expire
   * after one hour: for longer-lived clients use `getToken`.
   */
  token?: string;
  /**
   * Gives the client a token. The client keeps it, asks again shortly before the `expiresAt`
   * it may announce, and after the API refused it (401), then sends the refused request once
   * more. See `addonTokenProvider` and `userTokenProvider`.
   */
  getToken?: GetToken;
  /** The `fetch` to send requests with (default: the global one, looked up at each call). */
  fetch?: FetchLike;
  /** The `User-Agent` to send. Sent by default outside browsers only. */
  userAgent?: string;
  /** Headers added to every request to the API (not to pre-signed URLs). */
  headers?: Record<string, string>;
  /** Timeout of each attempt, in ms. Default 30000. */
  timeoutMs?: number;
  /**
   * Retries of GET, HEAD, PUT and DELETE after 429, 502, 503, 504 and network errors, with
   * exponential backoff and jitter, honouring `Retry-After`. Default: 2 retries. `false`: none.
   */
  retry?: false | RetryOptions;
  /** Receives a debug line per request, answer and retry. Tokens never appear in it. */
  logger?: DebugLogger;
}

/** The client: one group of methods per resource, and the typed client by path. */
export type DatabaseApiClient = Facade & {
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** The typed openapi-fetch client: every path of the spec, answers as `{ data, error, response }`. */
  readonly raw: Client<paths>;
  readonly GET: Client<paths>['GET'];
  readonly POST: Client<paths>['POST'];
  readonly PUT: Client<paths>['PUT'];
  readonly PATCH: Client<paths>['PATCH'];
  readonly DELETE: Client<paths>['DELETE'];
};

function fail(message: string): never {
  throw new TypeError(`createDatabaseApiClient: ${message}`);
}

function resolveBaseUrl(options: DatabaseApiClientOptions): string {
  const { region, host, baseUrl } = options;
  const known = Object.keys(hosts).join(', ');
  const which = exactlyOneOf(options, 'region', 'baseUrl', `\`region\` (${known}) or \`baseUrl\``);
  if (which) fail(which);
  if (region !== undefined) {
    if (!Object.hasOwn(hosts, region)) fail(`unknown region "${region}" (known: ${known})`);
    const url: unknown = (hosts[region] as Record<string, string>)[host ?? defaultHostKind];
    if (typeof url !== 'string') fail(`unknown host "${host}" (known: ${Object.keys(hosts[region])})`);
    return url;
  }
  if (host) fail('`host` goes with `region`, not `baseUrl`');
  let url: URL | undefined;
  try {
    url = new URL(baseUrl as string);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    fail(`\`baseUrl\` must be an http(s) URL without query or fragment, got ${JSON.stringify(baseUrl)}`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Creates a client of the Scalingo Database API. */
export function createDatabaseApiClient(options: DatabaseApiClientOptions): DatabaseApiClient {
  const baseUrl = resolveBaseUrl(options ?? {});
  const { token, getToken, timeoutMs = 30_000, retry, userAgent, logger } = options;
  const which = exactlyOneOf(options, 'token', 'getToken', '`token` (a database token) or `getToken`');
  if (which) fail(which);
  if (token !== undefined) requireString('createDatabaseApiClient', 'token', token);
  if (getToken !== undefined && typeof getToken !== 'function')
    fail(`\`getToken\` must be a function, got ${kindOf(getToken)}`);
  const retryOptions = settings(
    'createDatabaseApiClient',
    timeoutMs,
    DEFAULT_RETRY,
    retry === false ? { maxRetries: 0 } : retry,
  );

  const redactor = createRedactor();
  // Browsers set their own User-Agent (and a custom one would need CORS approval).
  const node = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const agent = userAgent ?? (node === 'string' ? `scalingo-db-api-client/${clientVersion}` : undefined);
  const transport = createTransport({
    fetch: options.fetch,
    tokens: createTokenCache({ token, getToken }, redactor),
    redactor,
    timeoutMs,
    retry: retryOptions,
    headers: { ...(agent ? { 'user-agent': agent } : {}), ...options.headers },
    logger,
  });
  const caller = createCaller(transport, baseUrl);

  // The typed client by path sends through the same transport (token, retries, timeout).
  const raw = createTypedClient(transport, baseUrl, (response) => redactErrorResponse(response, redactor));

  const client: Record<string, unknown> = {
    ...raw,
    baseUrl,
    raw,
  };
  for (const [group, methods] of Object.entries(facade)) {
    const bound: Record<string, unknown> = {};
    for (const [method, id] of Object.entries(methods)) {
      bound[method] = (...args: unknown[]) => caller.call(id, args);
    }
    client[group] = bound;
  }
  register(client, { caller, transport });
  return client as DatabaseApiClient;
}
