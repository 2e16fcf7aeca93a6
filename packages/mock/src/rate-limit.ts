// An optional rate limit, as the real API has one (the public reference: 60 requests per minute,
// then 429): each bearer (or the absence of one) may send `requests` requests per window of
// `perMs` of the mock's clock; the next ones answer 429 with `Retry-After`, before anything else
// is checked. Counters take constant memory per bearer, and at most MAX_KEYS bearers are tracked.
import { HttpError } from './engine.js';

export interface RateLimit {
  /** Requests allowed per window. */
  requests: number;
  /** The window, in ms of the mock's clock. Default 60 000 (a minute). */
  perMs?: number;
}

const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly perMs: number;
  private readonly requests: number;

  constructor(
    limit: RateLimit,
    private readonly now: () => number,
  ) {
    if (!Number.isSafeInteger(limit.requests) || limit.requests < 1)
      throw new RangeError(`rateLimit.requests: expected a whole number >= 1, got ${limit.requests}`);
    const perMs = limit.perMs ?? 60_000;
    if (!Number.isFinite(perMs) || perMs <= 0)
      throw new RangeError(`rateLimit.perMs: expected a number of ms > 0, got ${limit.perMs}`);
    this.requests = limit.requests;
    this.perMs = perMs;
  }

  /** Counts a request of `key`; throws the 429 when its window is full. */
  check(key: string): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.perMs) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_KEYS) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.requests) return;
    const retryAfter = Math.max(1, Math.ceil((window.start + this.perMs - now) / 1000));
    throw new HttpError(
      429,
      {
        error: `rate limit exceeded: ${this.requests} requests per ${this.perMs / 1000} s, retry in ${retryAfter} s`,
        code: 'rate_limit_exceeded',
      },
      { 'retry-after': String(retryAfter) },
    );
  }

  reset(): void {
    this.windows.clear();
  }
}
