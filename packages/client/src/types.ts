import type { facade, OperationId, OperationTable } from './generated/operations.js';
import type { components, operations } from './generated/schema.js';
import type { RequestRetryOptions } from './internal/transport.js';

/** Every schema of the spec, e.g. `Schemas['Backup']`. */
export type Schemas = components['schemas'];

type Table = OperationTable;
type Op<K extends OperationId> = operations[K];

type SuccessCode = 200 | 201 | 202 | 203 | 204 | 205 | 206;
type Responses<K extends OperationId> = Op<K>['responses'];
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;

/** The body of a successful answer of the operation, as sent (root key included). */
export type ResponseBody<K extends OperationId> = {
  [C in Extract<keyof Responses<K>, SuccessCode>]: ContentOf<Responses<K>[C]>;
}[Extract<keyof Responses<K>, SuccessCode>];

/** `B` (each member of a union) without its root key `R`; `B` itself when `R` is null. */
type WithoutRoot<R, B> = R extends string ? (B extends Record<R, infer V> ? V : never) : B;

/** What the facade method of the operation resolves to: the answer without its root key. */
type AnswerAsSent<K extends OperationId> = WithoutRoot<Table[K]['responseRoot'], ResponseBody<K>>;

/** A version with its `allowed_plugins` as objects only (see src/internal/normalize.ts). */
type WithPluginObjects<T> = T extends { allowed_plugins?: unknown }
  ? Omit<T, 'allowed_plugins' | 'next_upgrade'> & {
      readonly allowed_plugins?: Schemas['AllowedPlugin'][] | null;
    } & ('next_upgrade' extends keyof T ? { readonly next_upgrade?: PreferredNextUpgrade } : unknown)
  : T;
type PreferredNextUpgrade = WithPluginObjects<Schemas['DatabaseTypeVersion']> | string | null;

/** The answers the facade hands over in their preferred form (src/internal/normalize.ts does it at run time). */
interface PreferredAnswers {
  getDatabaseMetrics: Omit<Schemas['DatabaseMetrics'], 'instances_metrics' | 'instance_metrics'> & {
    instances_metrics?: { [instanceId: string]: Schemas['InstanceMetrics'] };
  };
  getDatabaseTypeVersion: WithPluginObjects<Schemas['DatabaseTypeVersion']>;
  upgradeDatabase: WithPluginObjects<Schemas['UpgradeStarted']>;
  getDatabaseHealth: Omit<Schemas['Health'], 'epoch' | 'shards' | 'pending_tasks'> & {
    epoch: string;
    shards: string;
    pending_tasks?: string;
  };
}

export type Result<K extends OperationId> = K extends keyof PreferredAnswers
  ? PreferredAnswers[K]
  : AnswerAsSent<K>;

type RequestJson<K extends OperationId> =
  NonNullable<Op<K>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

/** The body to pass to the facade method: the payload, without the root key the facade adds. */
// A body accepted in several forms (`oneOf`, the preferred first) takes the payload of the
// rooted form the facade sends; the other forms drop out of the union.
export type RequestPayload<K extends OperationId> = WithoutRoot<Table[K]['bodyRoot'], RequestJson<K>>;

/** The query parameters of the operation. */
export type QueryOf<K extends OperationId> = Op<K>['parameters'] extends { query?: infer Q }
  ? [Q] extends [undefined]
    ? never
    : NonNullable<Q>
  : never;

type PathParamsOf<K extends OperationId> = Op<K>['parameters'] extends { path: infer P } ? P : never;

type MapParams<T extends readonly unknown[], P> = {
  -readonly [I in keyof T]: T[I] extends keyof P ? P[T[I]] : string;
};

/** The path parameters, in the order of the path. */
export type PathArgs<K extends OperationId> = MapParams<Table[K]['pathParams'], PathParamsOf<K>>;

/** Options every facade call takes. */
export interface RequestOptions {
  /** Abort the call (and its retries). The promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The timeout of each attempt, in ms (the client's `timeoutMs` by default). */
  timeoutMs?: number;
  /** Retry settings for this call, or `false` for none. */
  retry?: false | RequestRetryOptions;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

type RequiredKeys<T> = { [P in keyof T]-?: undefined extends T[P] ? never : P }[keyof T];

/** Options of one operation: the common ones plus its query, typed from the spec. */
export type CallOptions<K extends OperationId> = [QueryOf<K>] extends [never]
  ? RequestOptions
  : [RequiredKeys<QueryOf<K>>] extends [never]
    ? RequestOptions & { query?: QueryOf<K> }
    : RequestOptions & { query: QueryOf<K> };

type OptionsArg<K extends OperationId> = [QueryOf<K>] extends [never]
  ? [options?: CallOptions<K>]
  : [RequiredKeys<QueryOf<K>>] extends [never]
    ? [options?: CallOptions<K>]
    : [options: CallOptions<K>];

type BodyArg<K extends OperationId> = Table[K]['body'] extends 'json'
  ? Table[K]['bodyRequired'] extends true
    ? [body: RequestPayload<K>]
    : OptionsArg<K> extends [options: unknown]
      ? [body: RequestPayload<K> | undefined]
      : [body?: RequestPayload<K>]
  : [];

/** The arguments of a facade method: path parameters, the body when there is one, options. */
export type FacadeArgs<K extends OperationId> = [...PathArgs<K>, ...BodyArg<K>, ...OptionsArg<K>];

/** A facade method: calls the operation and resolves to the unwrapped answer. */
export type FacadeMethod<K extends OperationId> = (...args: FacadeArgs<K>) => Promise<Result<K>>;

type Groups = typeof facade;
/** The resource groups of the facade: `databases`, `backups`, `users`, … */
export type FacadeGroup = keyof Groups;

/** One method per operationId, grouped by resource as `facade` names them. */
export type Facade = {
  readonly [G in FacadeGroup]: { readonly [M in keyof Groups[G]]: FacadeMethod<Groups[G][M] & OperationId> };
};

/** The operations whose answers come page by page. */
export type PaginatedOperationId = {
  [K in OperationId]: Table[K]['pagination'] extends null ? never : K;
}[OperationId];

type ItemsKey<K extends PaginatedOperationId> = Table[K]['pagination'] extends {
  items: infer I extends string;
}
  ? I
  : never;

/** One item of a paginated list. */
export type PageItem<K extends PaginatedOperationId> =
  ResponseBody<K> extends Record<ItemsKey<K>, infer A> ? (A extends readonly (infer T)[] ? T : never) : never;

/** Options of `paginate`: those of the operation; `page` or `cursor` say where to start. */
export type PaginateOptions<K extends PaginatedOperationId> = CallOptions<K> & {
  /** Stop after this many pages (no limit by default). */
  maxPages?: number;
};
