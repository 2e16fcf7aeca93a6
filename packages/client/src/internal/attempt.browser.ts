// How one attempt of a request is stopped, in browsers (the package's `browser` field maps
// attempt.js to this file): their fetch stops on its signal, and rejects its promises then.
import type { Attempt } from './attempt.js';

export const clearTimer = clearTimeout;

export function startAttempt(): Attempt {
  const controller = new AbortController();
  return {
    init: { signal: controller.signal },
    cancel: () => controller.abort(),
    settle: (value) => value,
  };
}
