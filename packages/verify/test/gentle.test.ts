// The verifier's request pacing: the rate, 429 and Retry-After, the failure budget.
import { describe, expect, it } from 'vitest';
import { Gentle, retryAfterMs, StopError } from '../src/gentle.js';
import { fakeClock } from './helpers.js';

/** A fetch answering from a list of statuses (with headers), recording nothing else. */
function answers(...list: [number, Record<string, string>?][]) {
  let i = 0;
  return async () => {
    const [status, headers] = list[Math.min(i++, list.length - 1)] as [number, Record<string, string>?];
    return new Response(status === 204 ? null : '{}', {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };
}

describe('Gentle', () => {
  it('spaces request starts by 1 s by default, and by 1/rate s with a rate', async () => {
    for (const [rate, gap] of [
      [undefined, 1000],
      [4, 250],
    ] as const) {
      const clock = fakeClock();
      const gentle = new Gentle({ clock, fetch: answers([200]), ...(rate ? { rate } : {}) });
      for (let i = 0; i < 5; i++) await gentle.send('http://127.0.0.1:9/x', {});
      const gaps = gentle.starts.slice(1).map((t, i) => t - (gentle.starts[i] as number));
      expect(gaps).toEqual([gap, gap, gap, gap]);
    }
  });

  it('waits what Retry-After asks (seconds or a date), then asks again', async () => {
    const clock = fakeClock();
    const date = new Date(clock.at + 12_000).toUTCString();
    const gentle = new Gentle({
      clock,
      fetch: answers([429, { 'retry-after': '3' }], [429, { 'retry-after': date }], [200]),
    });
    const sent = await gentle.send('http://127.0.0.1:9/x', {});
    expect(sent.status).toBe(200);
    expect(sent.rateLimited.map((r) => r.retryAfter)).toEqual(['3', date]);
    expect(clock.sleeps.slice(0, 2)).toEqual([3000, expect.any(Number)]);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(8000);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(12_000);
  });

  it('backs off 1 s, then doubling, without Retry-After, and keeps the rate after a short wait', async () => {
    const clock = fakeClock();
    const gentle = new Gentle({ clock, rate: 0.25, fetch: answers([429], [429], [200]) });
    await gentle.send('http://127.0.0.1:9/x', {});
    // The back-off (1 s, 2 s) is shorter than the 4 s between requests: the rate still wins.
    const gaps = gentle.starts.slice(1).map((t, i) => t - (gentle.starts[i] as number));
    expect(gaps).toEqual([4000, 4000]);
    expect(clock.sleeps).toEqual([1000, 3000, 2000, 2000]);
  });

  it('stops after the configured number of failed requests', async () => {
    const gentle = new Gentle({ clock: fakeClock(), maxFailures: 2, fetch: answers([200], [503], [401]) });
    await gentle.send('http://127.0.0.1:9/x', {});
    expect((await gentle.send('http://127.0.0.1:9/x', {})).status).toBe(503);
    await expect(gentle.send('http://127.0.0.1:9/x', {})).rejects.toThrow(
      new StopError('stopped after 2 failed requests (the last: status 401)'),
    );
  });

  it('stops rather than wait longer than allowed', async () => {
    const gentle = new Gentle({
      clock: fakeClock(),
      maxWaitMs: 60_000,
      fetch: answers([429, { 'retry-after': '3600' }]),
    });
    await expect(gentle.send('http://127.0.0.1:9/x', {})).rejects.toThrow(
      'the API asked to wait 3600 s (Retry-After)',
    );
  });

  it('refuses a rate or a failure budget that makes no sense, by name', () => {
    expect(() => new Gentle({ rate: 0 })).toThrow('the rate must be a positive number');
    expect(() => new Gentle({ maxFailures: 1.5 })).toThrow('the number of failures to stop after');
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    expect(retryAfterMs('5', 0)).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });
});
