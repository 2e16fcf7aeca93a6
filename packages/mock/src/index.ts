// @scalingo-db-api/mock: an in-memory Scalingo Database API that validates every request and
// response against the bundled OpenAPI description. This entry is for Node; the MSW handlers
// (`@scalingo-db-api/mock/msw`) work in browsers too.
import { readFileSync } from 'node:fs';
import { createMockApi, type MockApi, type MockOptions } from './api.js';
import { type Listening, listen } from './http.js';
import { SeedError, type SeedFile } from './seed.js';

export { defaultApiToken, type SeedAccount } from './accounts.js';
export {
  createMockApi,
  type MockApi,
  type MockOptions,
  type SeededAccount,
  type SeededDatabase,
} from './api.js';
export type { ContractViolation, EngineRequest, EngineResponse } from './engine.js';
export { type FaultKind, type FaultRule, parseFaultShorthand } from './faults.js';
export { type Catalogue, type SeedDatabase, SeedError, type SeedFile } from './seed.js';
export { DEFAULT_TIMINGS, defaultToken, type Timings } from './state.js';

/** Reads and parses a seed file (validation is separate: see {@link validateSeed}). */
export function readSeedFile(path: string): SeedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the seed file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as SeedFile;
  } catch (error) {
    throw new SeedError([{ path: '$', message: `not valid JSON (${(error as Error).message})` }], path);
  }
}

export interface MockServerOptions extends Omit<MockOptions, 'seed'> {
  /** A seed object, or the path of a seed JSON file. Default: built from the spec's examples. */
  seed?: SeedFile | string;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * The origin the mock's absolute URLs (archive and logs URLs, `Location` headers) start with,
   * e.g. `http://mock.internal:4010`. Default: the listen address. The Host header of a request
   * never changes it.
   */
  publicUrl?: string;
  /** The largest request body the mock reads, in bytes (default 1 MiB); a larger one is a 413. */
  maxBodyBytes?: number;
  /** Receives one line per 500 answered, naming the operation and the reason. Default: stderr. */
  log?: (line: string) => void;
}

export interface MockServer extends MockApi {
  /** The base URL to give a client, e.g. `http://127.0.0.1:4010/api`. */
  readonly url: string;
  /**
   * Scheme, host and port, e.g. `http://127.0.0.1:4010`: the token endpoints are there
   * (`/v1/tokens/exchange` as on the auth API, `/v1/apps/{app}/addons/{addon_id}/token` as on
   * the main API), so `${origin}/v1` is both the `authUrl` and the `apiUrl` of the token providers.
   */
  readonly origin: string;
  /** The base URL the answers' absolute URLs use: `publicUrl` (or the listen address) and `/api`. */
  readonly publicUrl: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** The origin of a `publicUrl` option, or a TypeError that says what is wrong with it. */
function publicOriginOf(publicUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(publicUrl);
  } catch {}
  const problem = !url
    ? 'is not a URL'
    : !/^https?:$/.test(url.protocol)
      ? `has the scheme ${url.protocol} (expected http: or https:)`
      : url.username || url.password
        ? 'carries credentials'
        : url.pathname !== '/' || url.search || url.hash
          ? 'has a path, query or fragment (give the origin only, e.g. http://mock.internal:4010)'
          : undefined;
  if (problem) throw new TypeError(`publicUrl: ${JSON.stringify(publicUrl)} ${problem}`);
  return (url as URL).origin;
}

function checkByteLimit(value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0))
    throw new RangeError(`maxBodyBytes: expected a whole number of bytes >= 0, got ${value}`);
}

/** Starts the mock on a local port. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { seed, publicUrl, maxBodyBytes, log, ...rest } = options;
  const publicOrigin = publicUrl === undefined ? undefined : publicOriginOf(publicUrl);
  checkByteLimit(maxBodyBytes);
  const api = createMockApi(
    typeof seed === 'string' ? { ...rest, seed: readSeedFile(seed), seedSource: seed } : { ...rest, seed },
  );
  const listening: Listening = await listen(api.engine, api.faults, {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    handle: api.handle,
    publicOrigin,
    maxBodyBytes,
    log,
  });
  return {
    ...api,
    url: `${listening.origin}${api.model.basePath}`,
    origin: listening.origin,
    publicUrl: `${listening.publicOrigin}${api.model.basePath}`,
    port: listening.port,
    host: listening.host,
    close: () => listening.close(),
  };
}
