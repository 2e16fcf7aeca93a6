// How one attempt of a request is stopped (its timeout, or the caller's signal), on Node.
//
// Handing `fetch` an AbortSignal is the portable way (attempt.browser.ts, which bundlers take
// for browsers), and on Node the largest cost the client adds to a call: undici's `Request`
// follows the signal with a WeakRef, a FinalizationRegistry entry and a listener, 2 to 7% of a
// local round trip on Node 20 depending on what runs around it (bench/run.mjs). Node's fetch
// also takes a `dispatcher`, the undici object that sends the request, and undici gives that
// dispatcher's handler the function that aborts the request (`onConnect(abort)`). So with
// Node's own fetch, an attempt goes through a dispatcher that forwards to the global one (the
// one that fetch would use, or the one the application installed) and keeps that function:
// cancelling the attempt closes the request's connection. Any other fetch (one given to the
// client, a patched global one) is given a signal, until it has been seen to send through the
// dispatcher given to it.
//
// The promises of an attempt (`settle`) reject as soon as it is cancelled, even before the
// request can be stopped (while connecting) or when a fetch ignores its signal.
import type { FetchLike } from './transport.js';

interface Dispatcher {
  dispatch(options: object, handler: DispatchHandler): boolean;
}
interface DispatchHandler {
  onConnect?: (abort: () => void, context?: unknown) => unknown;
}

/** What the transport needs of an attempt; attempt.browser.ts has the same. */
export interface Attempt {
  /** What the attempt's fetch is given: `signal`, `dispatcher`, or both. */
  init: { signal?: AbortSignal; dispatcher?: Dispatcher };
  /** Stops the attempt: its request, and the promise passed to `settle`. */
  cancel(): void;
  /** Whether `cancel` would now stop the request, failing what waits on it (`settle` not needed). */
  readonly stoppable?: boolean;
  /** Settles like `value`, or rejects (with undefined) once the attempt is cancelled. */
  settle<T>(value: T | Promise<T>): T | Promise<T>;
}

/** Where undici (Node's own and the npm package) keeps the global dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/** The fetch functions seen sending through the dispatcher given to them. */
const honoured = new WeakSet<object>();
const nothing = () => {};

/** One attempt, which is also the dispatcher given to Node's fetch. */
class NodeAttempt implements Attempt, Dispatcher {
  init: Attempt['init'] = {};
  private cancelled = false;
  /** Stops the request, once known. */
  private stop = nothing;
  stoppable = false;
  /** Rejects the promise `settle` waits on (a no-op once that promise has settled). */
  private reject: () => void = nothing;

  constructor(
    /** The fetch the attempt is sent with. */
    private readonly sender: object,
    /** The dispatcher requests go through, when the attempt is sent with Node's own fetch. */
    private readonly target: Dispatcher | undefined,
  ) {
    if (typeof target?.dispatch === 'function') this.init.dispatcher = this;
    if (!this.init.dispatcher || !honoured.has(sender)) {
      const controller = new AbortController();
      this.init.signal = controller.signal;
      this.stop = () => controller.abort();
    }
  }

  dispatch(options: object, handler: DispatchHandler): boolean {
    const { onConnect } = handler;
    let hooked = false;
    // Until this request starts, cancelling cannot stop it (the next request of a redirect, say).
    this.stoppable = false;
    // Only a handler of this form hands over the function that aborts its request.
    if (typeof onConnect === 'function') {
      try {
        handler.onConnect = (abort, context) => {
          const result = onConnect.call(handler, abort, context);
          this.stop = abort;
          this.stoppable = true;
          // Cancelled before the request started: stop it now.
          if (this.cancelled) abort();
          return result;
        };
        hooked = handler.onConnect !== onConnect;
      } catch {
        // A handler that cannot be changed: only a signal, if given, stops this request (`settle`
        // still releases the caller).
      }
    }
    // The next attempts with this fetch go without a signal only while its requests can be stopped here.
    if (hooked) honoured.add(this.sender);
    else honoured.delete(this.sender);
    return (this.target as Dispatcher).dispatch(options, handler);
  }

  cancel() {
    this.cancelled = true;
    this.stop();
    this.reject();
  }

  settle<T>(value: T | Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.reject = reject;
      if (this.cancelled) reject();
      Promise.resolve(value).then(resolve, reject);
    });
  }
}

/**
 * `clearTimeout` for the timers that guard a pending request or read (an attempt's timeout, a
 * download's idle timeout), unreferenced first. Node deletes the timer list of a cleared
 * referenced timer (not of an unreferenced one, see `unenroll` in its lib/internal/timers.js)
 * and builds it again for the next timer: 2% of a local round trip when requests go one at a
 * time (bench/run.mjs). Until it is cleared, the timer keeps the process alive as before.
 */
export function clearTimer(timer: ReturnType<typeof setTimeout>) {
  (timer as { unref?: () => void }).unref?.();
  clearTimeout(timer);
}

/** A new attempt sent with `fetchImpl` (undefined: the global fetch, looked up now). */
export function startAttempt(fetchImpl: FetchLike | undefined): Attempt {
  return fetchImpl
    ? new NodeAttempt(fetchImpl, undefined)
    : new NodeAttempt(
        fetch,
        (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER] as Dispatcher | undefined,
      );
}
