import type { components } from './generated/schema.js';

type Schemas = components['schemas'];

/** `{"error": "…", "code"?: "…"}`: the body most error answers carry. */
export type ErrorBody = Schemas['Error'];
/** The body of a 404: `{"resource"?: "database", "error": "not found"}`. */
export type NotFoundErrorBody = Schemas['NotFoundError'];
/** The body of a 422: the problems per request field. */
export type ValidationErrorBody = Schemas['ValidationError'];
/** The body of a 402 (free trial limits). */
export type PaymentRequiredErrorBody = Schemas['PaymentRequiredError'];
/**
 * What an error answer carried: the parsed JSON body when it was JSON, the text otherwise (a
 * 429 may answer `Retry later` in plain text), `undefined` when it was empty.
 */
export type ApiErrorBody =
  | ErrorBody
  | NotFoundErrorBody
  | ValidationErrorBody
  | PaymentRequiredErrorBody
  | string
  | undefined;

/** Where a failed call went: the method and the templated path, never the token. */
export interface RequestSummary {
  method: string;
  /** The path as the spec writes it, e.g. `/databases/{database_id}` (no ids, no query). */
  path: string;
}

/** The root of every error this client throws. */
export class DatabaseClientError extends Error {
  /** The HTTP method of the call that failed. */
  readonly method: string;
  /** The templated path of the call that failed, e.g. `/databases/{database_id}/backups`. */
  readonly path: string;
  constructor(message: string, request: RequestSummary, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.path = request.path;
  }
}

export interface ApiErrorInit extends RequestSummary {
  status: number;
  statusText?: string;
  body: ApiErrorBody;
  requestId?: string | undefined;
  /** Seconds to wait, from `Retry-After` (429 and 503). */
  retryAfter?: number | undefined;
}

/** The server answered with an error status. Subclasses name the family of the status. */
export class DatabaseApiError extends DatabaseClientError {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The machine-readable `code` of the body, when the server sent one. */
  readonly code: string | undefined;
  /** The body of the answer, parsed as the spec's error schemas describe it. */
  readonly body: ApiErrorBody;
  /** The request id the server sent (`X-Request-Id`), to quote when asking Scalingo's support. */
  readonly requestId: string | undefined;
  constructor(init: ApiErrorInit) {
    super(describe(init), init);
    this.status = init.status;
    this.body = init.body;
    this.requestId = init.requestId;
    const code = field(init.body, 'code');
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** 400: the request could not be understood (invalid JSON, bad parameter). */
export class BadRequestError extends DatabaseApiError {}
/** 401: the token is missing, invalid or expired. */
export class AuthenticationError extends DatabaseApiError {}
/** 402: the account's free trial does not allow this request. */
export class PaymentRequiredError extends DatabaseApiError {}
/** 403: the token does not allow this request. */
export class PermissionError extends DatabaseApiError {}
/** 404: the resource does not exist (or the token cannot see it). */
export class NotFoundError extends DatabaseApiError {
  /** The kind of resource that was not found, when the server named it (e.g. `database`). */
  readonly resource: string | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    const resource = field(init.body, 'resource');
    this.resource = typeof resource === 'string' ? resource : undefined;
  }
}
/** 409: the current state forbids the request (e.g. an operation is already running). */
export class ConflictError extends DatabaseApiError {}
/** 422: the request body was refused; `fieldErrors` lists the problems per request field. */
export class ValidationError extends DatabaseApiError {
  readonly fieldErrors: Record<string, string[]>;
  constructor(init: ApiErrorInit) {
    super(init);
    this.fieldErrors = readFieldErrors(init.body);
  }
}
/** 429: too many requests. `retryAfter` is the delay the server asked for, in seconds. */
export class RateLimitError extends DatabaseApiError {
  readonly retryAfter: number | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
/** 5xx: the server or a provider behind it failed. */
export class ServerError extends DatabaseApiError {}

/** No answer arrived within `timeoutMs`. */
export class TimeoutError extends DatabaseClientError {
  readonly timeoutMs: number;
  constructor(request: RequestSummary, timeoutMs: number) {
    super(`${request.method} ${request.path}: no answer within ${timeoutMs} ms`, request);
    this.timeoutMs = timeoutMs;
  }
}

/** The request could not be sent or its answer could not be read (DNS, refused connection, reset…). */
export class NetworkError extends DatabaseClientError {}

/** A backup or an operation the client was waiting for ended in failure. */
export class WaitFailedError extends DatabaseClientError {
  /** What was awaited: `backup` or `operation`. */
  readonly resource: 'backup' | 'operation';
  /** The id of the backup or operation. */
  readonly id: string;
  /** Its final status, e.g. `error`, `user-error` or `cancelled`. */
  readonly status: string;
  /** Its last state, as the server sent it. */
  readonly last: unknown;
  constructor(
    init: RequestSummary & { resource: 'backup' | 'operation'; id: string; status: string; last: unknown },
    detail?: string,
  ) {
    const tail = detail ? `: ${detail}` : '';
    super(`${init.resource} ${init.id} ended with status "${init.status}"${tail}`, init);
    this.resource = init.resource;
    this.id = init.id;
    this.status = init.status;
    this.last = init.last;
  }
}

// Class names survive minification this way (the stack trace and toString() use them).
for (const [ctor, name] of [
  [DatabaseClientError, 'DatabaseClientError'],
  [DatabaseApiError, 'DatabaseApiError'],
  [BadRequestError, 'BadRequestError'],
  [AuthenticationError, 'AuthenticationError'],
  [PaymentRequiredError, 'PaymentRequiredError'],
  [PermissionError, 'PermissionError'],
  [NotFoundError, 'NotFoundError'],
  [ConflictError, 'ConflictError'],
  [ValidationError, 'ValidationError'],
  [RateLimitError, 'RateLimitError'],
  [ServerError, 'ServerError'],
  [TimeoutError, 'TimeoutError'],
  [NetworkError, 'NetworkError'],
  [WaitFailedError, 'WaitFailedError'],
] as const) {
  Object.defineProperty(ctor.prototype, 'name', { value: name, writable: true, configurable: true });
}

/** The error class for an HTTP status. */
export function createApiError(init: ApiErrorInit): DatabaseApiError {
  const { status } = init;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 402) return new PaymentRequiredError(init);
  if (status === 403) return new PermissionError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409) return new ConflictError(init);
  if (status === 422) return new ValidationError(init);
  if (status === 429) return new RateLimitError(init);
  if (status >= 500) return new ServerError(init);
  return new DatabaseApiError(init);
}

/**
 * Reads an error answer into a typed error. The body is read as text and parsed as JSON when
 * it is JSON; nothing of the request (and so no token) goes into the error.
 */
export async function errorFromResponse(
  response: Response,
  request: RequestSummary,
  redact: (text: string) => string,
): Promise<DatabaseApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // A body that cannot be read leaves the status to speak for itself.
  }
  // A server may echo what it received: mask the secrets before anything is kept.
  const safe = text ? redact(text) : text;
  let body: ApiErrorBody;
  if (safe) {
    try {
      body = JSON.parse(safe) as ApiErrorBody;
    } catch {
      body = safe;
    }
  }
  return createApiError({
    ...request,
    status: response.status,
    statusText: response.statusText,
    body,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryAfter: parseRetryAfterSeconds(response.headers.get('retry-after')),
  });
}

/**
 * `Retry-After` in seconds: the header is either a number of seconds or an HTTP date.
 * Returns undefined when it is absent or unreadable.
 */
export function parseRetryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

function describe(init: ApiErrorInit): string {
  const head = `${init.method} ${init.path} answered ${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
  const detail = detailOf(init.body);
  const id = init.requestId ? ` (request id ${init.requestId})` : '';
  return `${head}${detail ? `: ${detail}` : ''}${id}`;
}

function detailOf(body: ApiErrorBody): string {
  if (typeof body === 'string') return body.length > 200 ? `${body.slice(0, 200)}…` : body;
  if (!isRecord(body)) return '';
  const parts: string[] = [];
  const resource = field(body, 'resource');
  const error = field(body, 'error');
  const code = field(body, 'code');
  if (typeof resource === 'string') parts.push(resource);
  if (typeof error === 'string') parts.push(error);
  const listed = Object.entries(readFieldErrors(body)).map(
    ([name, problems]) => `${name} ${problems.join(', ')}`,
  );
  if (listed.length) parts.push(listed.join('; '));
  if (typeof code === 'string') parts.push(`[${code}]`);
  return parts.join(' ');
}

function readFieldErrors(body: ApiErrorBody): Record<string, string[]> {
  const errors = field(body, 'errors');
  const out: Record<string, string[]> = {};
  if (!isRecord(errors)) return out;
  for (const [field, problems] of Object.entries(errors)) {
    if (Array.isArray(problems)) out[field] = problems.filter((p): p is string => typeof p === 'string');
    else if (typeof problems === 'string') out[field] = [problems];
  }
  return out;
}

function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
