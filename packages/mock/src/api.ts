// The mock without a transport, usable in Node and in browsers: the engine, the state seeded from
// the spec's examples (or a given seed), the fault injector and the test hooks.
import { accountsOf } from './accounts.js';
import { resumeSeededWork } from './backups.js';
import { bundledSpec, bundledValidators } from './bundled.js';
import type { EngineResponse } from './engine.js';
import { type ContractViolation, Engine, type EngineRequest } from './engine.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { type ApiModel, buildApiModel, type JsonObject } from './openapi.js';
import { resumeSeededOperations } from './operations.js';
import { pitrEngines } from './pitr.js';
import { DEFAULT_ARCHIVE_MAX_BYTES, PresignedObjects } from './presigned.js';
import { type RateLimit, RateLimiter } from './rate-limit.js';
import { authenticator, createHandlers } from './scalingo.js';
import {
  actionDefaultsFrom,
  buildCatalogue,
  defaultSeed,
  SeedError,
  type SeedFile,
  validateSeed,
} from './seed.js';
import { referenceProblems } from './seed-references.js';
import { Clock, DEFAULT_TIMINGS, Store, type Store as StoreType, type Timings } from './state.js';
import { TokenEndpoints } from './tokens.js';
import { ContractValidator } from './validation.js';

export interface MockOptions {
  /** The seed to start from. Default: built from the spec's examples. */
  seed?: SeedFile;
  /** Names the seed in error messages (e.g. its file name). */
  seedSource?: string;
  /** Delay added to every answer, in ms, or `[min, max]`. */
  latencyMs?: number | [number, number];
  /** Fault rules (latency, 429, 503, dropped connections), per route or by rate. */
  faults?: FaultRule[];
  /** Seed of the generator that draws rate-based faults. Default 1. */
  faultSeed?: number;
  /** Validate every answer against the spec; a violating answer becomes a 500. Default true. */
  validateResponses?: boolean;
  /** Accept any non-empty bearer for every database, not only the seeded tokens. Default false. */
  acceptAnyToken?: boolean;
  /** How long asynchronous work takes; `'manual'` to move it only with the test hooks. */
  timings?: Partial<Timings> | 'manual';
  /** The clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Called for each answer that breaks the contract (it is replaced by a 500). */
  onContractViolation?: (violation: ContractViolation) => void;
  /** Another OpenAPI document than the bundled one (tests). */
  spec?: JsonObject;
  /**
   * Largest backup archive served on a pre-signed URL, in bytes (default 16 MiB): a backup whose
   * `size` is larger is served cut to this length (its `Content-Length` says so).
   */
  archiveMaxBytes?: number;
  /** The key of the pre-signed URLs' signatures. Default: random for each mock. */
  presignSecret?: string;
  /**
   * Answer 429 (with `Retry-After`) past `requests` requests per `perMs` (default a minute) of
   * the mock's clock, counted per bearer. Default: no limit.
   */
  rateLimit?: RateLimit;
  /**
   * Also answer every operation without the servers' `/api` prefix (`/databases/…`), for tools
   * that ignore the path of `servers` (Prism's proxy, some generators). Default false.
   */
  pathsAtRoot?: boolean;
}

export interface SeededDatabase {
  addonId: string;
  typeName: string;
  token: string;
}

/** A Scalingo account of the seed: its API token and the databases its user token opens. */
export interface SeededAccount {
  apiToken: string;
  databases: string[];
}

/** The mock without a transport: state, hooks, and `handle()` for one request. */
export interface MockApi {
  readonly model: ApiModel;
  readonly engine: Engine;
  readonly store: StoreType;
  readonly faults: FaultInjector;
  /** Every response that broke the contract since start (each was replaced by a 500). */
  readonly violations: ContractViolation[];
  /** The seeded databases and the token that opens each. */
  databases(): SeededDatabase[];
  /** The token that opens a seeded database. */
  tokenFor(addonId: string): string;
  /** A new token for a database, optionally expiring after `ttlMs` of the mock's clock. */
  issueToken(addonId: string, ttlMs?: number): string;
  /** The seed's accounts (one default account owning every database when the seed has none). */
  accounts(): SeededAccount[];
  /** A new user token (JWT) for an account, as `POST /v1/tokens/exchange` gives it (default: one hour). */
  issueUserToken(apiToken: string, ttlMs?: number): string;
  /** Moves every backup in progress to `done` (or one status further with `{ oneStep: true }`). */
  advanceBackups(options?: { oneStep?: boolean }): void;
  /** Moves the mock's clock forward, running what falls due. */
  advanceTime(ms: number): void;
  /** Finishes all asynchronous work now: backups, features, operations, restorations. */
  settle(): void;
  /** The object store behind the pre-signed URLs (backup archives, logs). */
  readonly presigned: PresignedObjects;
  /** Puts every database back to the seed and forgets issued tokens (user tokens too). */
  reset(): void;
  /** A deep copy of the state (for comparisons in tests). */
  snapshot(): unknown;
  handle(request: EngineRequest): EngineResponse;
}

export function createMockApi(options: MockOptions = {}): MockApi {
  const document = options.spec ?? bundledSpec;
  const archiveMaxBytes = options.archiveMaxBytes ?? DEFAULT_ARCHIVE_MAX_BYTES;
  if (!Number.isSafeInteger(archiveMaxBytes) || archiveMaxBytes < 0)
    throw new RangeError(`archiveMaxBytes: expected a whole number of bytes >= 0, got ${archiveMaxBytes}`);
  if (options.presignSecret !== undefined && options.presignSecret === '')
    throw new RangeError('presignSecret: expected a non-empty string');
  const timings: Timings =
    options.timings === 'manual'
      ? {
          backupScheduledMs: Number.POSITIVE_INFINITY,
          backupRunningMs: Number.POSITIVE_INFINITY,
          featurePendingMs: Number.POSITIVE_INFINITY,
          operationPendingMs: Number.POSITIVE_INFINITY,
          operationRunningMs: Number.POSITIVE_INFINITY,
          restorationStepMs: Number.POSITIVE_INFINITY,
        }
      : { ...DEFAULT_TIMINGS, ...options.timings };
  const clock = new Clock(options.now);
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit, () => clock.now()) : undefined;
  const acceptAnyToken = options.acceptAnyToken ?? false;
  const violations: ContractViolation[] = [];
  // In dependency order: the spec's model and validator, the seed they check, the state it
  // loads, then the behaviour over that state and the engine that runs it.
  const model = buildApiModel(document);
  const validator = new ContractValidator(document, options.spec ? undefined : bundledValidators);
  const source = options.seedSource ?? (options.seed ? 'the seed option' : 'the default seed');
  const seed = validateSeed(validator, options.seed ?? defaultSeed(model), source);
  const { accounts, problems } = accountsOf(seed);
  if (problems.length > 0) throw new SeedError(problems, source);
  const catalogue = buildCatalogue(model, seed);
  const references = referenceProblems(seed, catalogue, pitrEngines(model));
  if (references.length > 0) throw new SeedError(references, source);
  const live = new Store(seed, catalogue, clock, timings, actionDefaultsFrom(model), (loaded) => {
    resumeSeededWork(loaded);
    resumeSeededOperations(loaded);
  });
  const presigned = new PresignedObjects(live, {
    secret: options.presignSecret ?? randomSecret(),
    archiveMaxBytes,
  });
  const tokenEndpoints = new TokenEndpoints(live, accounts);
  const databaseToken = authenticator(live, { acceptAnyToken });
  const engine = new Engine({
    document,
    model,
    validator,
    handlers: createHandlers(live, model, presigned),
    validateResponses: options.validateResponses ?? true,
    onContractViolation: (violation) => {
      violations.push(violation);
      options.onContractViolation?.(violation);
    },
    // A user token opens the databases of its account; any other token is a database token.
    authenticate: (token) => tokenEndpoints.authenticate(token) ?? databaseToken(token),
    beforeRequest: (request) => {
      live.tick();
      limiter?.check(request.headers.authorization ?? '');
    },
    pathsAtRoot: options.pathsAtRoot ?? false,
  });
  const routes = new Set(
    model.operations.flatMap((op) => [op.operationId, `${op.method.toUpperCase()} ${op.path}`]),
  );
  const faults = new FaultInjector(
    options.faults ?? [],
    options.latencyMs ?? 0,
    options.faultSeed ?? 1,
    routes,
  );

  return {
    model,
    engine,
    store: live,
    faults,
    violations,
    presigned,
    databases: () =>
      [...live.databases.values()].map((d) => ({
        addonId: d.addonId,
        typeName: d.database.type_name,
        token: d.token,
      })),
    tokenFor: (addonId) => {
      const state = live.databases.get(addonId);
      if (!state) throw new Error(`no seeded database has the addon_id ${addonId}`);
      return state.token;
    },
    issueToken: (addonId, ttlMs) => live.issueToken(addonId, ttlMs),
    accounts: () => accounts.map((a) => ({ apiToken: a.apiToken, databases: [...a.databases] })),
    issueUserToken: (apiToken, ttlMs) => tokenEndpoints.issueUserToken(apiToken, ttlMs),
    advanceBackups: (opts) => (opts?.oneStep ? live.step('backup') : live.settle('backup')),
    advanceTime: (ms) => {
      clock.advance(ms);
      live.tick();
    },
    settle: () => live.settle(),
    reset: () => {
      live.load();
      tokenEndpoints.reset();
      limiter?.reset();
    },
    snapshot: () => live.snapshot(),
    handle: (request) => {
      const { pathname } = new URL(request.url, request.origin);
      if (presigned.matches(pathname)) return presigned.serve(request);
      if (tokenEndpoints.matches(pathname)) return tokenEndpoints.serve(request);
      return engine.handle(request);
    },
  };
}

function randomSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
