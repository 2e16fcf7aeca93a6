// How one attempt of a request is stopped, in browsers (the package's `browser` field maps
// attempt.js to this file): their fetch stops on its signal, and rejects its promises then.
import type { Attempt } from './attempt.js';

/** Calls `fire` once `ms` have passed, unless the returned function is called first. */
export function watch(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
}

export function startAttempt(): Attempt {
  const controller = new AbortController();
  return {
    init: { signal: controller.signal },
    cancel: () => controller.abort(),
    settle: (value) => value,
  };
}
