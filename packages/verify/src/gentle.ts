// Sends requests to the real API gently: at most `rate` requests a second, a wait on 429 (the
// `Retry-After` the server asks for, or a doubling back-off), and a stop once too many requests
// failed. Time comes from an injectable clock so that tests run at full speed.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

import type { FetchLike } from '@scalingo-db-api/client';
import { AnswerTooLargeError, answerLimit, readBounded } from './bounded.js';

export type { FetchLike };

export interface GentleOptions {
  /** Requests per second at most (default 1). */
  rate?: number;
  /** Stop after this many failed requests: network errors, 401/403, 5xx, 429 past the retries (default 3). */
  maxFailures?: number;
  /** How many times a 429 is retried (default 4). */
  maxRetries?: number;
  /** The longest `Retry-After` honoured, in ms; a longer one stops the run (default 5 minutes). */
  maxWaitMs?: number;
  /** Per request, in ms (default 30 s). */
  timeoutMs?: number;
  /** The largest answer body read, in bytes (default 16 MiB); a larger one is a failed request. */
  maxAnswerBytes?: number;
  clock?: Clock;
  fetch?: FetchLike;
}

export interface Sent {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The 429 answers met on the way, with the wait each asked for. */
  rateLimited: {
    waitMs: number;
    retryAfter: string | undefined;
    headers: Record<string, string>;
    text: string;
  }[];
}

/** Thrown once the run must stop; the reports are written with what was checked. */
export class StopError extends Error {
  override name = 'StopError';
}

/** `Retry-After` in ms: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class Gentle {
  readonly intervalMs: number;
  failures = 0;
  /** Each request's start on the clock (tests read it to check the rate). */
  readonly starts: number[] = [];
  private last: number | undefined;
  private readonly clock: Clock;
  private readonly options: Required<Omit<GentleOptions, 'clock' | 'fetch' | 'rate'>>;
  private readonly fetchImpl: FetchLike;

  constructor(options: GentleOptions = {}) {
    const rate = options.rate ?? 1;
    if (!(rate > 0 && Number.isFinite(rate)))
      throw new TypeError(`the rate must be a positive number of requests a second (got ${rate})`);
    const maxFailures = options.maxFailures ?? 3;
    if (!(Number.isInteger(maxFailures) && maxFailures >= 1)) {
      throw new TypeError(
        `the number of failures to stop after must be a whole number from 1 (got ${maxFailures})`,
      );
    }
    this.intervalMs = 1000 / rate;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.options = {
      maxFailures,
      maxRetries: options.maxRetries ?? 4,
      maxWaitMs: options.maxWaitMs ?? 5 * 60_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxAnswerBytes: answerLimit(options.maxAnswerBytes),
    };
  }

  private async turn(): Promise<void> {
    if (this.last !== undefined) {
      const wait = this.last + this.intervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
    }
    this.last = this.clock.now();
    this.starts.push(this.last);
  }

  /** Counts a failure; throws StopError when the budget is spent. */
  fail(why: string): void {
    this.failures += 1;
    if (this.failures >= this.options.maxFailures) {
      throw new StopError(`stopped after ${this.failures} failed requests (the last: ${why})`);
    }
  }

  async send(url: string, init: RequestInit): Promise<Sent> {
    const rateLimited: Sent['rateLimited'] = [];
    let backoff = 1000;
    for (let attempt = 0; ; attempt++) {
      await this.turn();
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, {
          ...init,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        text = (await readBounded(response, this.options.maxAnswerBytes)).toString('utf8');
      } catch (error) {
        const why =
          error instanceof AnswerTooLargeError
            ? error.message
            : (error as Error).name === 'TimeoutError'
              ? `no answer within ${this.options.timeoutMs} ms`
              : 'the request failed (network)';
        this.fail(why);
        throw new Error(why);
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      if (response.status !== 429) {
        if (response.status === 401 || response.status === 403 || response.status >= 500) {
          this.fail(`status ${response.status}`);
        }
        return { status: response.status, headers, text, rateLimited };
      }
      const asked = retryAfterMs(headers['retry-after'], this.clock.now());
      const waitMs = asked ?? backoff;
      backoff *= 2;
      rateLimited.push({ waitMs, retryAfter: headers['retry-after'], headers, text });
      if (attempt >= this.options.maxRetries) {
        this.fail(`still 429 after ${attempt + 1} tries`);
        return { status: response.status, headers, text, rateLimited };
      }
      if (waitMs > this.options.maxWaitMs) {
        throw new StopError(
          `the API asked to wait ${Math.round(waitMs / 1000)} s (Retry-After), longer than the ${this.options.maxWaitMs / 1000} s allowed`,
        );
      }
      await this.clock.sleep(waitMs);
    }
  }
}
