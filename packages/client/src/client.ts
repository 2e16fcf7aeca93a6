import createClient, { type Client } from 'openapi-fetch';
import { Caller, encodePathParam } from './call.js';
import { facadeMethods } from './facade-names.js';
import { clientVersion, type OperationId, operations, type Region, regions } from './generated/operations.js';
import type { paths } from './generated/schema.js';
import {
  type Backup,
  type DownloadOptions,
  type DownloadResult,
  downloadBackup,
  type Operation,
  paginate,
  type WaitForOperationOptions,
  type WaitOptions,
  waitForBackup,
  waitForOperation,
} from './helpers.js';
import { Redactor } from './redact.js';
import { type GetToken, TokenCache } from './token.js';
import {
  DEFAULT_RETRY,
  type DebugLogger,
  type FetchLike,
  type RetryOptions,
  Transport,
} from './transport.js';
import type {
  Facade,
  FacadeGroup,
  PageItem,
  PaginatedOperationId,
  PaginateOptions,
  PathArgs,
} from './types.js';

export interface DatabaseApiClientOptions {
  /** The region of the database; the client calls that region's Database API. */
  region?: Region;
  /** The base URL of the API, `…/api` included, instead of `region` (a mock, a proxy). */
  baseUrl?: string;
  /** A database token. It expires after one hour: for longer-lived clients use `getToken`. */
  token?: string;
  /**
   * Gives the client a token. The client keeps it, asks again shortly before the `expiresAt`
   * it may announce, and after the API refused it (401), then sends the refused request once
   * more. See `addonTokenProvider`.
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

type Paginate = <K extends PaginatedOperationId>(
  operationId: K,
  ...args: [...PathArgs<K>, options?: PaginateOptions<K>]
) => AsyncGenerator<PageItem<K>, void, undefined>;

/** The client: one group of methods per resource, helpers, and the typed client by path. */
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
  /**
   * Iterates over every item of a paginated list, page after page:
   * `for await (const m of client.paginate('listMaintenance', databaseId)) …`
   */
  paginate: Paginate;
  /** Polls a backup until it is `done`; rejects with `WaitFailedError` on `error` or `cancelled`. */
  waitForBackup(databaseId: string, backupId: string, options?: WaitOptions<Backup>): Promise<Backup>;
  /** Polls an operation until it is `finished`; rejects with `WaitFailedError` on `error`, `user-error`, `cancelled`. */
  waitForOperation(operationId: string, options?: WaitForOperationOptions): Promise<Operation>;
  /**
   * Streams a backup's archive into a `WritableStream`. The pre-signed host gets no token.
   * To write to a file, see `downloadBackup` in `@scalingo-db-api/client/node`.
   */
  downloadBackup(
    databaseId: string,
    backupId: string,
    destination: WritableStream<Uint8Array>,
    options?: DownloadOptions,
  ): Promise<DownloadResult>;
};

function fail(message: string): never {
  throw new TypeError(`createDatabaseApiClient: ${message}`);
}

function resolveBaseUrl(options: DatabaseApiClientOptions): string {
  const { region, baseUrl } = options;
  if (region !== undefined && baseUrl !== undefined) fail('pass `region` or `baseUrl`, not both');
  if (region !== undefined) {
    if (!Object.hasOwn(regions, region)) {
      fail(`unknown region "${String(region)}" (known: ${Object.keys(regions).join(', ')})`);
    }
    return regions[region];
  }
  if (baseUrl === undefined) fail(`pass \`region\` (${Object.keys(regions).join(', ')}) or \`baseUrl\``);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return fail(`\`baseUrl\` is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('`baseUrl` must be an http or https URL');
  if (url.search || url.hash) fail('`baseUrl` cannot have a query string or a fragment');
  return url.href.replace(/\/+$/, '');
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

/** Creates a client of the Scalingo Database API. */
export function createDatabaseApiClient(options: DatabaseApiClientOptions): DatabaseApiClient {
  if (!options || typeof options !== 'object') fail('pass an options object');
  const baseUrl = resolveBaseUrl(options);
  const { token, getToken, timeoutMs = 30_000, retry, userAgent, logger } = options;
  if (token !== undefined && getToken !== undefined) fail('pass `token` or `getToken`, not both');
  if (token === undefined && getToken === undefined) fail('pass `token` (a database token) or `getToken`');
  if (token !== undefined && (typeof token !== 'string' || token === ''))
    fail('`token` must be a non-empty string');
  if (getToken !== undefined && typeof getToken !== 'function') fail('`getToken` must be a function');
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0))
    fail('`timeoutMs` must be a positive number of milliseconds');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('`fetch` must be a function');
  const retryOptions = retry === false ? { ...DEFAULT_RETRY, maxRetries: 0 } : { ...DEFAULT_RETRY, ...retry };
  for (const [key, value] of Object.entries(retryOptions)) {
    if (!(Number.isFinite(value) && value >= 0)) fail(`\`retry.${key}\` must be a number >= 0`);
  }

  const redactor = new Redactor();
  const headers: Record<string, string> = {};
  const agent = userAgent ?? (isNode() ? `scalingo-db-api-client/${clientVersion}` : undefined);
  if (agent) headers['user-agent'] = agent;
  Object.assign(headers, options.headers);

  const transport = new Transport({
    fetch: options.fetch,
    tokens: new TokenCache({ token, getToken }, redactor),
    redactor,
    timeoutMs,
    retry: retryOptions,
    headers,
    logger,
  });
  const caller = new Caller(transport, baseUrl);

  // The typed client by path sends through the same transport (token, retries, timeout).
  const publicRoutes = new Set<string>();
  for (const id of Object.keys(operations) as OperationId[]) {
    const op = operations[id];
    if (!op.auth) publicRoutes.add(`${op.method} ${op.path}`);
  }
  const schemaPaths = new WeakMap<Request, string>();
  const raw = createClient<paths>({
    baseUrl,
    fetch: async (request: Request) => {
      const path = schemaPaths.get(request) ?? new URL(request.url).pathname;
      const requestHeaders: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        requestHeaders[key] = value;
      });
      const body = request.body ? await request.arrayBuffer() : undefined;
      return transport.send(
        {
          method: request.method,
          path,
          url: request.url,
          headers: requestHeaders,
          body,
          auth: !publicRoutes.has(`${request.method} ${path}`),
          signal: request.signal,
          timeoutCovers: 'headers',
        },
        (response) => response,
      );
    },
    pathSerializer: (pathname, params) =>
      pathname.replace(/\{([^{}]+)\}/g, (match, name: string) =>
        params[name] === undefined ? match : encodePathParam(params[name], name, pathname),
      ),
  });
  raw.use({
    onRequest({ request, schemaPath }) {
      schemaPaths.set(request, schemaPath);
    },
  });

  const groups: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const id of Object.keys(facadeMethods) as OperationId[]) {
    const [group, method] = facadeMethods[id].split('.') as [FacadeGroup, string];
    groups[group] ??= {};
    groups[group][method] = (...args: unknown[]) => caller.call(id, args);
  }

  const client = {
    ...groups,
    baseUrl,
    raw,
    GET: raw.GET,
    POST: raw.POST,
    PUT: raw.PUT,
    PATCH: raw.PATCH,
    DELETE: raw.DELETE,
    paginate: ((operationId: PaginatedOperationId, ...args: unknown[]) =>
      paginate(caller, operationId, args)) as Paginate,
    waitForBackup: (databaseId: string, backupId: string, opts?: WaitOptions<Backup>) =>
      waitForBackup(caller, databaseId, backupId, opts),
    waitForOperation: (operationId: string, opts?: WaitForOperationOptions) =>
      waitForOperation(caller, operationId, opts),
    downloadBackup: (
      databaseId: string,
      backupId: string,
      destination: WritableStream<Uint8Array>,
      opts?: DownloadOptions,
    ) => downloadBackup(caller, transport, databaseId, backupId, destination, opts),
  };
  return client as unknown as DatabaseApiClient;
}
