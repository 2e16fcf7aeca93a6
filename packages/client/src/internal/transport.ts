import type { TokenCache } from '../auth/token.js';
import { NetworkError, parseRetryAfterSeconds, type RequestSummary, TimeoutError } from '../errors.js';
import { retryStatuses } from '../generated/operations.js';
import { requireMs } from '../options.js';
import { startAttempt, watch } from './attempt.js';
import type { Redactor } from './redact.js';
import { followOwnRedirects, REDIRECT_STATUSES } from './redirects.js';

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

/** Receives the debug log. Tokens are masked and URLs lose their query string. */
export interface DebugLogger {
  debug(message: string, details?: Record<string, unknown>): void;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** The fetch to send with (undefined: the global one, looked up at each call). */
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

export interface Transport {
  redactor: Redactor;
  /**
   * Sends one logical request: adds the token, applies the timeout to each attempt, retries
   * what may be retried, renews the token once after a 401, and hands the final answer to
   * `consume` (whose failures, like a body cut short, are reported the same way).
   */
  send<T>(req: SendRequest, consume: (response: Response) => Promise<T> | T): Promise<T>;
}

const SAFE_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE'];

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/**
 * The timeout and retry settings, checked: `base` completed with `retry` (whose undefined values
 * keep the base value). Throws a TypeError that names the bad setting, prefixed with `where`.
 */
export function settings(
  where: string,
  timeoutMs: number,
  base: Required<RetryOptions>,
  retry: RetryOptions | undefined,
): Required<RetryOptions> {
  const out = { ...base };
  for (const key in out) {
    const k = key as keyof RetryOptions;
    out[k] = retry?.[k] ?? out[k];
    if (!(out[k] >= 0)) {
      throw new TypeError(`${where}: \`retry.${key}\` must be a number >= 0`);
    }
  }
  requireMs(where, 'timeoutMs', timeoutMs);
  return out;
}

/** Exponential backoff with jitter: the n-th delay lies between half and all of initial·2ⁿ. */
export function backoff(retry: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as the signal aborts
 * (then runs `onAbort`, e.g. to clear a timer).
 */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal, onAbort?: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      onAbort?.();
      reject(signal?.reason);
    };
    if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal?.removeEventListener('abort', stop));
  });
}

/** Waits `ms`, unless the signal aborts first (the promise then rejects with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return abortable(new Promise((resolve) => (timer = setTimeout(resolve, ms))), signal, () =>
    clearTimeout(timer),
  );
}

/** Merges header sets with lower-cased names; an `authorization` header is never copied. */
function lower(...sets: (Record<string, string> | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    for (const key in set) {
      const name = key.toLowerCase();
      if (name !== 'authorization') out[name] = set[key] as string;
    }
  }
  return out;
}

export function createTransport(o: TransportOptions): Transport {
  const { redactor, tokens, logger } = o;
  const clientHeaders = lower(o.headers);

  const log = (message: string, req: SendRequest, details?: Record<string, unknown>) => {
    try {
      // Only the method, the URL without its query and numbers: nothing that can hold a secret.
      logger?.debug(`db-api ${message}`, {
        method: req.method,
        url: redactor.text(req.url.replace(/[?#].*/, '')),
        ...details,
      });
    } catch {
      // A failing logger must not break the call.
    }
  };

  const networkError = (req: RequestSummary, error: unknown) => {
    const cause = redactor.error(error);
    // Undici hides the reason (ECONNREFUSED, …) in the cause of its `fetch failed`.
    const inner = (cause as Error | undefined)?.cause as { code?: unknown; message?: unknown } | undefined;
    const reason = inner?.code ?? inner?.message ?? (cause as Error | undefined)?.message;
    return new NetworkError(`${req.method} ${req.path}: the request failed (${reason})`, req, { cause });
  };

  async function send<T>(req: SendRequest, consume: (response: Response) => Promise<T> | T): Promise<T> {
    const timeoutMs = req.timeoutMs ?? o.timeoutMs;
    // Checked per call only when the call changes them (the client's were checked once).
    const retry =
      req.retry || req.timeoutMs !== undefined
        ? settings(`${req.method} ${req.path}`, timeoutMs, o.retry, req.retry || undefined)
        : o.retry;
    const maxRetries =
      req.retry !== false && (SAFE_METHODS.includes(req.method) || req.retry?.idempotent)
        ? retry.maxRetries
        : 0;
    const signal = req.signal;
    let refreshed = false;

    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      let token = req.auth ? tokens.current(signal) : undefined;
      if (typeof token === 'object') token = await token;
      const headers = lower(req.bare ? undefined : clientHeaders, req.headers);
      if (req.body !== undefined) headers['content-type'] ??= 'application/json';
      if (token !== undefined) headers.authorization = `Bearer ${token}`;

      const current = startAttempt(o.fetch);
      let timedOut = false;
      const unwatch = watch(timeoutMs, () => {
        timedOut = true;
        current.cancel();
      });
      const onAbort = () => current.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        unwatch();
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: unknown) => {
        done();
        if (timedOut) return new TimeoutError(req, timeoutMs);
        if (signal?.aborted) return signal.reason;
        return error;
      };
      if (logger) log('request', req);

      let response: Response;
      let delay: number | undefined;
      let renew = false;
      try {
        // Settled at once when the attempt is cancelled, even if the request cannot be stopped yet.
        const sendTo = (url: string) =>
          current.settle(
            (o.fetch ?? fetch)(url, {
              method: req.method,
              headers,
              body: req.body ?? null,
              // Redirects are followed here, within the API's origin only (see internal/redirects.ts).
              redirect: 'manual',
              ...current.init,
            }),
          );
        response = await sendTo(req.url);
        if (REDIRECT_STATUSES.includes(response.status))
          response = await followOwnRedirects(response, req.url, req.method, sendTo);
      } catch (error) {
        const failure = fail(networkError(req, error));
        if (!(failure instanceof NetworkError) || attempt >= maxRetries) throw failure;
        delay = backoff(retry, attempt);
        if (logger) log('retry', req, { error: failure.message, delayMs: delay });
        await sleep(delay, signal);
        continue;
      }
      const { status } = response;
      if (logger) log('response', req, { status });

      if (status === 401 && token !== undefined && tokens.refreshable && !refreshed) {
        // A refused token: ask for a new one and send the request once more (not a retry).
        refreshed = renew = true;
        attempt--;
        delay = 0;
      } else if (retryStatuses.includes(status) && attempt < maxRetries) {
        const after = parseRetryAfterSeconds(response.headers.get('retry-after'));
        delay = after === undefined ? backoff(retry, attempt) : Math.ceil(after * 1000);
        if (delay > retry.maxRetryAfterMs) delay = undefined;
      }
      if (delay !== undefined) {
        done();
        await response.body?.cancel().catch(() => {});
        if (logger) log(renew ? 'new token' : 'retry', req, { status, delayMs: delay });
        if (renew) await tokens.refresh(token as string, signal);
        else await sleep(delay, signal);
        continue;
      }

      if (req.timeoutCovers === 'headers') unwatch();
      try {
        // A request that cancelling stops cannot leave its body's promises waiting.
        const consumed = consume(response);
        const result = await (current.stoppable ? consumed : current.settle(consumed));
        done();
        return result;
      } catch (error) {
        const failure = fail(error);
        // A body cut short (connection reset, server abort) is a network failure.
        throw failure === error && error instanceof Error && /^(AbortError|TypeError)$/.test(error.name)
          ? networkError(req, error)
          : failure;
      }
    }
  }

  return { redactor, send };
}
