import { vi } from 'vitest';

/**
 * Runs `body` with `setTimeout` and `clearTimeout` spied on. `timers(ms)` lists the timers made
 * for `ms`, during `body` and after; `cleared` counts the calls to `clearTimeout`.
 */
export async function withTimerSpies(
  body: (timers: (ms: number) => NodeJS.Timeout[]) => Promise<void> | void,
) {
  const made = vi.spyOn(globalThis, 'setTimeout');
  const cleared = vi.spyOn(globalThis, 'clearTimeout');
  // Restoring a spy forgets its calls: these keep them.
  const calls = made.mock.calls;
  const results = made.mock.results;
  const timers = (ms: number) =>
    results.filter((_, i) => calls[i]?.[1] === ms).map((r) => r.value as NodeJS.Timeout);
  try {
    await body(timers);
    return { timers, cleared: cleared.mock.calls.length };
  } finally {
    made.mockRestore();
    cleared.mockRestore();
  }
}
