export { type AddonTokenProviderOptions, addonTokenProvider } from './auth/addon-token-provider.js';
export type { GetToken, GetTokenContext, TokenResult } from './auth/token.js';
export { type UserTokenProviderOptions, userTokenProvider } from './auth/user-token-provider.js';
export { createDatabaseApiClient, type DatabaseApiClient, type DatabaseApiClientOptions } from './client.js';
export {
  type ApiErrorBody,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DatabaseApiError,
  DatabaseClientError,
  type ErrorBody,
  NetworkError,
  NotFoundError,
  type NotFoundErrorBody,
  PaymentRequiredError,
  type PaymentRequiredErrorBody,
  PermissionError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  ValidationError,
  type ValidationErrorBody,
} from './errors.js';
export {
  clientVersion,
  defaultHostKind,
  type HostKind,
  hosts,
  type OperationId,
  type Region,
  regions,
  specVersion,
} from './generated/operations.js';
export type { components, operations as OperationTypes, paths } from './generated/schema.js';
export {
  type DownloadOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadBackup,
} from './helpers/download.js';
export { paginate } from './helpers/pagination.js';
export {
  type Backup,
  type Operation,
  WaitFailedError,
  type WaitForOperationOptions,
  type WaitOptions,
  waitForBackup,
  waitForOperation,
} from './helpers/polling.js';
export type { DebugLogger, FetchLike, RequestRetryOptions, RetryOptions } from './internal/transport.js';
export { type RegionHosts, type ResolveRegionOptions, resolveRegion } from './resolve-region.js';
export type {
  CallOptions,
  Facade,
  FacadeArgs,
  FacadeMethod,
  PageItem,
  PaginatedOperationId,
  PaginateOptions,
  QueryOf,
  RequestOptions,
  RequestPayload,
  ResponseBody,
  Result,
  Schemas,
} from './types.js';
