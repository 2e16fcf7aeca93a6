// `watch`, the timer that guards a pending request or read (internal/attempt.ts): it fires on
// time, keeps the process alive only while it watches, and is armed again for the next call.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watch } from '../src/internal/attempt.js';
import { withTimerSpies } from './helpers/timers.js';

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('watch', () => {
  it('fires once when its time has passed, and not when stopped first', async () => {
    const fired = vi.fn();
    const kept = vi.fn();
    const stop = watch(20, fired);
    watch(20, kept)();
    await waitMs(60);
    stop();
    expect(fired).toHaveBeenCalledTimes(1);
    expect(kept).not.toHaveBeenCalled();
  });

  it('arms the timer it stopped again for the next call with the same ms, and a new one for other ms', async () => {
    const seen = await withTimerSpies(() => {
      for (let i = 0; i < 5; i++) watch(31_001, () => {})();
      watch(31_002, () => {})();
    });
    expect(seen.timers(31_001)).toHaveLength(1);
    expect(seen.timers(31_002)).toHaveLength(1);
  });

  it('fires again from a timer that already fired for an earlier call', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = watch(15, first);
    await waitMs(40);
    stopFirst();
    const stopSecond = watch(15, second);
    await waitMs(40);
    stopSecond();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('keeps the process alive while it watches, and not once stopped', async () => {
    const during: boolean[][] = [];
    const seen = await withTimerSpies((timers) => {
      for (let i = 0; i < 3; i++) {
        const stop = watch(31_003, () => {});
        during.push(timers(31_003).map((timer) => timer.hasRef()));
        stop();
      }
    });
    expect(during).toEqual([[true], [true], [true]]);
    expect(seen.timers(31_003).map((timer) => timer.hasRef())).toEqual([false]);
  });

  it('may be stopped twice without stopping the call that got its timer next', async () => {
    const next = vi.fn();
    const stop = watch(20, () => {});
    stop();
    const stopNext = watch(20, next);
    stop();
    await waitMs(60);
    stopNext();
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('gives calls that run side by side their own timers, and keeps at most 8 once they stop', async () => {
    const fired: number[] = [];
    const seen = await withTimerSpies(async () => {
      const stops = Array.from({ length: 10 }, (_, i) => watch(25, () => fired.push(i)));
      await waitMs(70);
      for (const stop of stops) stop();
    });
    expect(fired.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.timers(25)).toHaveLength(10);
    expect(seen.cleared).toBe(2);
  });

  it('leaves no pending timer under fake timers, and does not reuse a real one there', () => {
    watch(31_004, () => {})();
    vi.useFakeTimers();
    const fired = vi.fn();
    const stop = watch(31_004, fired);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(31_004);
    expect(fired).toHaveBeenCalledTimes(1);
    stop();
    watch(31_004, () => {})();
    expect(vi.getTimerCount()).toBe(0);
  });
});
