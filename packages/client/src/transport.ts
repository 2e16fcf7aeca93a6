import { NetworkError, parseRetryAfterSeconds, type RequestSummary, TimeoutError } from './errors.js';
import type { Redactor } from './redact.js';
import type { TokenCache } from './token.js';

/** How failed calls are tried again. */
export interface RetryOptions {
  /** Attempts after the first one. Default 2; 0 turns retries off. */
  maxRetries?: number;
  /** The first backoff delay in ms (default 500), doubled at each retry, with jitter. */
  initialDelayMs?: number;
  /** The longest backoff delay in ms (default 8000). */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the client waits for, in ms (default 60000). When the server asks
   * for longer, the call fails at once with the error (a `RateLimitError` carries `retryAfter`).
   */
  maxRetryAfterMs?: number;
}

/** Retry settings for one call. */
export interface RequestRetryOptions extends RetryOptions {
  /**
   * POST and PATCH are never retried, since repeating them may repeat their effect. Set this
   * to `true` to say that repeating this call is harmless, so that it is retried too.
   */
  idempotent?: boolean;
}

/** A line of the debug log. Tokens are masked and URLs lose their query string. */
export interface DebugLogger {
  debug(message: string, details?: Record<string, unknown>): void;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchLike | undefined;
  tokens: TokenCache;
  redactor: Redactor;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  headers: Record<string, string>;
  logger: DebugLogger | undefined;
}

export interface SendRequest extends RequestSummary {
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | ArrayBuffer | undefined;
  /** Send the bearer token (false for public endpoints and pre-signed URLs). */
  auth: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  retry?: false | RequestRetryOptions | undefined;
  /** Send none of the client's own headers (for hosts other than the API, like pre-signed URLs). */
  bare?: boolean;
  /** 'answer' (default): the timeout also covers `consume`. 'headers': only until the headers arrive. */
  timeoutCovers?: 'answer' | 'headers';
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

class TimeoutSignal extends Error {}

/**
 * Sends one logical request: adds the token, applies the timeout to each attempt, retries
 * what may be retried, renews the token once after a 401, and hands the final answer to
 * `consume` (whose errors, like a body cut short, are reported the same way).
 */
export class Transport {
  readonly #o: TransportOptions;
  constructor(options: TransportOptions) {
    this.#o = options;
  }

  get redactor(): Redactor {
    return this.#o.redactor;
  }

  async send<T>(req: SendRequest, consume: (response: Response) => Promise<T> | T): Promise<T> {
    const o = this.#o;
    const retry = req.retry === false ? { ...o.retry, maxRetries: 0 } : { ...o.retry, ...req.retry };
    const mayRetry = SAFE_METHODS.has(req.method) || (req.retry !== false && req.retry?.idempotent === true);
    const maxRetries = mayRetry ? retry.maxRetries : 0;
    const timeoutMs = req.timeoutMs ?? o.timeoutMs;
    const userSignal = req.signal;
    let refreshed = false;
    let attempt = 0;

    for (;;) {
      userSignal?.throwIfAborted();
      const token = req.auth ? await o.tokens.current(userSignal) : undefined;
      const headers = mergeHeaders(req.bare ? {} : o.headers, req.headers);
      if (req.body !== undefined && headers['content-type'] === undefined) {
        headers['content-type'] = 'application/json';
      }
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      else delete headers.authorization;

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TimeoutSignal());
      }, timeoutMs);
      const onAbort = () => controller.abort(userSignal?.reason);
      userSignal?.addEventListener('abort', onAbort, { once: true });
      const started = o.logger ? Date.now() : 0;
      if (o.logger) this.#log('request', { method: req.method, url: req.url, attempt, headers });

      let response: Response;
      try {
        const fetchImpl = o.fetch ?? globalThis.fetch;
        response = await fetchImpl(req.url, {
          method: req.method,
          headers,
          body: req.body ?? null,
          signal: controller.signal,
        });
      } catch (error) {
        clearTimeout(timer);
        userSignal?.removeEventListener('abort', onAbort);
        if (timedOut) throw new TimeoutError(req, timeoutMs);
        if (userSignal?.aborted) throw userSignal.reason;
        const failure = this.#networkError(req, error);
        if (attempt < maxRetries) {
          const delay = backoff(retry, attempt);
          if (o.logger)
            this.#log('retry', { method: req.method, url: req.url, reason: failure.message, delayMs: delay });
          await sleep(delay, userSignal);
          attempt++;
          continue;
        }
        throw failure;
      }

      if (o.logger) {
        this.#log('response', {
          method: req.method,
          url: req.url,
          status: response.status,
          ms: Date.now() - started,
        });
      }

      const done = () => {
        clearTimeout(timer);
        userSignal?.removeEventListener('abort', onAbort);
      };

      // A refused token: ask for a new one and send the request once more.
      if (response.status === 401 && token !== undefined && o.tokens.refreshable && !refreshed) {
        done();
        await discard(response);
        refreshed = true;
        if (o.logger) this.#log('token refused, asking for a new one', { method: req.method, url: req.url });
        await o.tokens.refresh(token, userSignal);
        continue;
      }

      if (RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        const retryAfter = parseRetryAfterSeconds(response.headers.get('retry-after'));
        const wait = retryAfter === undefined ? backoff(retry, attempt) : Math.ceil(retryAfter * 1000);
        if (wait <= retry.maxRetryAfterMs) {
          done();
          await discard(response);
          if (o.logger) {
            this.#log('retry', { method: req.method, url: req.url, status: response.status, delayMs: wait });
          }
          await sleep(wait, userSignal);
          attempt++;
          continue;
        }
      }

      if (req.timeoutCovers === 'headers') clearTimeout(timer);
      try {
        return await consume(response);
      } catch (error) {
        if (timedOut) throw new TimeoutError(req, timeoutMs);
        if (userSignal?.aborted) throw userSignal.reason;
        if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TypeError')) {
          // The body was cut short (connection reset, abort by the server).
          throw this.#networkError(req, error);
        }
        throw error;
      } finally {
        done();
      }
    }
  }

  #networkError(req: RequestSummary, error: unknown): NetworkError {
    const redact = this.#o.redactor;
    const cause = redact.error(error);
    const reason = describeNetworkFailure(cause);
    return new NetworkError(`${req.method} ${req.path}: the request failed (${reason})`, req, { cause });
  }

  #log(message: string, details: Record<string, unknown>): void {
    const logger = this.#o.logger;
    if (!logger) return;
    const redact = this.#o.redactor;
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(details)) {
      if (key === 'url' && typeof value === 'string') safe[key] = stripQuery(value);
      else if (key === 'headers' && value && typeof value === 'object') {
        const headers: Record<string, string> = {};
        for (const [name, v] of Object.entries(value as Record<string, string>)) {
          headers[name] = /^(authorization|cookie|proxy-authorization)$/i.test(name)
            ? '[REDACTED]'
            : redact.text(v);
        }
        safe[key] = headers;
      } else safe[key] = typeof value === 'string' ? redact.text(value) : value;
    }
    try {
      logger.debug(`[scalingo-db-api] ${message}`, safe);
    } catch {
      // A failing logger must not break the call.
    }
  }
}

function describeNetworkFailure(cause: unknown): string {
  let current: unknown = cause;
  let last = 'unknown error';
  for (let i = 0; i < 4 && current instanceof Error; i++) {
    const code = (current as { code?: unknown }).code;
    last = typeof code === 'string' ? code : current.message || current.name;
    current = current.cause;
  }
  return last;
}

/** Later headers win; names are lower-cased so that `Authorization` and `authorization` are one. */
function mergeHeaders(
  base: Record<string, string>,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in base) out[key.toLowerCase()] = base[key] as string;
  if (extra) for (const key in extra) out[key.toLowerCase()] = extra[key] as string;
  return out;
}

function stripQuery(url: string): string {
  const q = url.search(/[?#]/);
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

/** Exponential backoff with jitter: the n-th delay lies between half and all of initial·2ⁿ. */
export function backoff(retry: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}
