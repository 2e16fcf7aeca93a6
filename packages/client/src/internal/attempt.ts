// How one attempt of a request is stopped (its timeout, or the caller's signal), on Node.
//
// Handing `fetch` an AbortSignal is the portable way (attempt.browser.ts, which bundlers take
// for browsers), and on Node the largest cost the client adds to a call: undici's `Request`
// follows the signal with a WeakRef, a FinalizationRegistry entry and a listener, 2 to 7% of a
// local round trip on Node 20 depending on what runs around it (bench/run.mjs). Node's fetch
// also takes a `dispatcher`, the undici object that sends the request, and undici gives that
// dispatcher's handler the function that aborts the request (`onConnect(abort)`), which the
// handler of Node's fetch keeps as its `abort`. So with Node's own fetch, an attempt goes
// through a dispatcher that forwards to the global one (the one that fetch would use, or the one
// the application installed), and cancelling the attempt calls that function: the request's
// connection closes. Any other fetch (a patched global one) is given a signal, until it has been
// seen to send through the dispatcher given to it with a handler that keeps that function.
// The handler itself is left alone (wrapping its `onConnect` at each call cost about 0.7% of a
// local round trip on Node 24, bench/run.mjs), except on the first attempts with a fetch, to see
// that it keeps the function, and when an attempt is cancelled before its request starts.
//
// The promises of an attempt (`settle`) reject as soon as it is cancelled, even before the
// request can be stopped (while connecting) or when a fetch ignores its signal.
import type { FetchLike } from './transport.js';

interface Dispatcher {
  dispatch(options: object, handler: DispatchHandler): boolean;
}
interface DispatchHandler {
  onConnect?: (abort: () => void, context?: unknown) => unknown;
  /** Where Node's fetch keeps, once its request is connected, the function that aborts it. */
  abort?: unknown;
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
/**
 * The fetch functions seen keeping, on the handler they give the dispatcher, the function that
 * aborts the request (`handler.abort`, set in its `onConnect`). Their requests are stopped with
 * it; the handler of such a fetch is only hooked when the attempt is cancelled before connecting.
 */
const honoured = new WeakSet<object>();
const nothing = () => {};

/** One attempt, which is also the dispatcher given to Node's fetch. */
class NodeAttempt implements Attempt, Dispatcher {
  init: Attempt['init'] = {};
  private cancelled = false;
  /** Aborts the signal given to fetch, if any. */
  private abortSignal = nothing;
  /** The handler of the request now sent (the next request of a redirect has its own). */
  private handler: DispatchHandler | undefined;
  /** The handler whose `onConnect` is hooked. */
  private hooked: DispatchHandler | undefined;
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
      this.abortSignal = () => controller.abort();
    }
  }

  get stoppable() {
    return typeof this.handler?.abort === 'function';
  }

  dispatch(options: object, handler: DispatchHandler): boolean {
    this.handler = handler;
    if (!honoured.has(this.sender) || this.cancelled) this.hook(handler);
    // A handler that could not be hooked if the attempt were cancelled before it connects.
    else if (typeof handler.onConnect !== 'function' || Object.isFrozen(handler))
      honoured.delete(this.sender);
    return (this.target as Dispatcher).dispatch(options, handler);
  }

  /**
   * Wraps the handler's `onConnect`, which undici gives the function that aborts the request: it
   * stops the request at once if the attempt is already cancelled, and notes whether the fetch
   * keeps that function where `cancel` looks for it.
   */
  private hook(handler: DispatchHandler) {
    if (this.hooked === handler) return;
    const { onConnect } = handler;
    const hooked: DispatchHandler['onConnect'] = (abort, context) => {
      const result = onConnect?.call(handler, abort, context);
      if (handler.abort === abort) honoured.add(this.sender);
      else honoured.delete(this.sender);
      if (this.cancelled) abort();
      return result;
    };
    try {
      if (typeof onConnect === 'function') handler.onConnect = hooked;
    } catch {}
    if (handler.onConnect === hooked) this.hooked = handler;
    // A handler that cannot be changed: only a signal, if given, stops this request (`settle`
    // still releases the caller); the next attempts with this fetch are given one.
    else honoured.delete(this.sender);
  }

  cancel() {
    this.cancelled = true;
    this.abortSignal();
    const { handler } = this;
    if (typeof handler?.abort === 'function') handler.abort();
    // Not connected yet: stopped when it connects.
    else if (handler) this.hook(handler);
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

/** A timer that watches one request or read at a time, and is armed again for the next. */
interface Slot {
  timer: ReturnType<typeof setTimeout>;
  ms: number;
  /** The `setTimeout` that made it: a slot is reused only while that one is installed. */
  made: typeof setTimeout;
  fire?: () => void;
}
/** Timers no longer watching anything, unreferenced, armed or fired, most recent last. */
const idle: Slot[] = [];

/**
 * Calls `fire` once `ms` have passed, unless the returned function (which may be called more
 * than once) is called first. Meanwhile the timer keeps the process alive. This guards a pending
 * request or read (an attempt's timeout, a download's idle timeout): creating and clearing a
 * timer for each request cost about 1.7% of a local round trip on Node 20 (bench/run.mjs), so a
 * timer that has stopped watching is kept, unreferenced, and armed again with `refresh()` for the
 * next call with the same `ms`. Up to 8 are kept, for requests that run side by side. Under fake
 * timers (their `setTimeout` has a `clock`, as in vitest, jest and sinon) none is kept, so that a
 * test that counts pending timers finds none once its calls are over.
 */
export function watch(ms: number, fire: () => void): () => void {
  let slot = idle.pop();
  // One made by a `setTimeout` since replaced (fake timers installed) is left to fire a no-op.
  if (slot?.made !== setTimeout) slot = undefined;
  else if (slot.ms !== ms) {
    clearTimeout(slot.timer);
    slot = undefined;
  }
  if (slot) slot.timer.ref().refresh();
  else {
    const made: Slot = { timer: setTimeout(() => made.fire?.(), ms), ms, made: setTimeout };
    slot = made;
  }
  const taken = slot;
  taken.fire = fire;
  let watching = true;
  return () => {
    if (!watching) return;
    watching = false;
    taken.fire = undefined;
    // A timer without `refresh` (a number, in some test environments) is not kept.
    if ((taken.timer as Partial<NodeJS.Timeout>).refresh && !('clock' in setTimeout) && idle.length < 8) {
      taken.timer.unref();
      idle.push(taken);
    } else clearTimeout(taken.timer);
  };
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
