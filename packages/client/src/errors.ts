import type { components } from './generated/schema.js';
import { redirectTarget } from './internal/redirects.js';

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
  declare readonly method: string;
  /** The templated path of the call that failed, e.g. `/databases/{database_id}/backups`. */
  declare readonly path: string;
  constructor(message: string, request: RequestSummary, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.path = request.path;
  }
}

export interface ApiErrorInit extends RequestSummary {
  status: number;
  body: ApiErrorBody;
  requestId?: string | undefined;
  /** Seconds to wait, from `Retry-After` (429 and 503). */
  retryAfter?: number | undefined;
  /** The host a redirect (3xx) pointed to, when it could be read. */
  redirectHost?: string | undefined;
}

/** The server answered with an error status. Subclasses name the family of the status. */
export class DatabaseApiError extends DatabaseClientError {
  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** The machine-readable `code` of the body, when the server sent one. */
  declare readonly code: string | undefined;
  /** The body of the answer, parsed as the spec's error schemas describe it. */
  declare readonly body: ApiErrorBody;
  /** The request id the server sent (`X-Request-Id`), to quote when asking Scalingo's support. */
  declare readonly requestId: string | undefined;
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
  declare readonly resource: string | undefined;
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
  declare readonly fieldErrors: Record<string, string[]>;
  constructor(init: ApiErrorInit) {
    super(init);
    this.fieldErrors = readFieldErrors(init.body);
  }
}
/** 429: too many requests. `retryAfter` is the delay the server asked for, in seconds. */
export class RateLimitError extends DatabaseApiError {
  declare readonly retryAfter: number | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
/** 5xx: the server or a provider behind it failed. */
export class ServerError extends DatabaseApiError {}
/**
 * 3xx: the server redirected the call and the client did not follow (it follows only GET and
 * HEAD within the API's origin). Nothing was sent to `targetHost`.
 */
export class RedirectError extends DatabaseApiError {
  /** The host the redirect pointed to; undefined when the runtime hides it (browsers). */
  declare readonly targetHost: string | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    this.targetHost = init.redirectHost;
  }
}

/** No answer arrived within `timeoutMs` (or, for a download, no byte for `idleTimeoutMs`). */
export class TimeoutError extends DatabaseClientError {
  declare readonly timeoutMs: number;
  constructor(request: RequestSummary, timeoutMs: number, what = 'no answer within') {
    super(`${request.method} ${request.path}: ${what} ${timeoutMs} ms`, request);
    this.timeoutMs = timeoutMs;
  }
}

/** The request could not be sent or its answer could not be read (DNS, refused connection, reset…). */
export class NetworkError extends DatabaseClientError {}

// Class names survive minification this way (the stack trace and toString() use them).
export const named = <T extends { prototype: Error }>(ctor: T, name: string): T => {
  ctor.prototype.name = name;
  return ctor;
};
named(DatabaseClientError, 'DatabaseClientError');
named(DatabaseApiError, 'DatabaseApiError');
named(TimeoutError, 'TimeoutError');
named(NetworkError, 'NetworkError');

const byStatus: Record<number, typeof DatabaseApiError> = {
  400: named(BadRequestError, 'BadRequestError'),
  401: named(AuthenticationError, 'AuthenticationError'),
  402: named(PaymentRequiredError, 'PaymentRequiredError'),
  403: named(PermissionError, 'PermissionError'),
  404: named(NotFoundError, 'NotFoundError'),
  409: named(ConflictError, 'ConflictError'),
  422: named(ValidationError, 'ValidationError'),
  429: named(RateLimitError, 'RateLimitError'),
};
named(ServerError, 'ServerError');
named(RedirectError, 'RedirectError');

/** The error class for an HTTP status. */
export function createApiError(init: ApiErrorInit): DatabaseApiError {
  const ErrorClass =
    byStatus[init.status] ??
    (init.status >= 500
      ? ServerError
      : (init.status >= 300 && init.status < 400) || init.status === 0
        ? RedirectError
        : DatabaseApiError);
  return new ErrorClass(init);
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
  const requestId = response.headers.get('x-request-id');
  return createApiError({
    ...request,
    status: response.status,
    body,
    requestId: requestId === null ? undefined : redact(requestId),
    retryAfter: parseRetryAfterSeconds(response.headers.get('retry-after')),
    redirectHost: redirectTarget(response),
  });
}

/**
 * `Retry-After` in seconds: the header is either a number of seconds or an HTTP date.
 * Returns undefined when it is absent or unreadable.
 */
export function parseRetryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (seconds >= 0) return seconds;
  const date = Date.parse(value);
  return date >= 0 ? Math.max(0, (date - now) / 1000) : undefined;
}

function describe({ method, path, status, body, requestId, redirectHost }: ApiErrorInit): string {
  const parts: unknown[] = [];
  if ((status >= 300 && status < 400) || status === 0) {
    // Browsers hide a redirect from the page (an opaque answer of status 0).
    parts.push(`redirect to ${redirectHost ?? 'a hidden location'} not followed`);
  } else if (typeof body === 'string') parts.push(body.length > 200 ? `${body.slice(0, 200)}…` : body);
  else {
    const { resource, error, code } = (isRecord(body) ? body : {}) as Record<string, unknown>;
    const fields = Object.entries(readFieldErrors(body)).map(
      ([name, problems]) => `${name} ${problems.join(', ')}`,
    );
    parts.push(resource, error, fields.join('; '), code && `[${code}]`);
  }
  const detail = parts.filter((p) => p && typeof p === 'string').join(' ');
  return `${method} ${path} answered ${status}${detail && `: ${detail}`}${requestId ? ` (request id ${requestId})` : ''}`;
}

function readFieldErrors(body: ApiErrorBody): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const errors = field(body, 'errors');
  if (isRecord(errors))
    for (const [name, problems] of Object.entries(errors)) out[name] = [problems].flat().map(String);
  return out;
}

function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
