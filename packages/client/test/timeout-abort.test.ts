import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabaseApiClient, TimeoutError } from '../src/index.js';
import { DB, database, json, startServer, type TestServer } from './helpers/server.js';
import { withTimerSpies } from './helpers/timers.js';

let server: TestServer;
afterEach(() => server?.close());

const never = () => startServer(() => new Promise(() => {}));

describe('timeouts', () => {
  it('fails with TimeoutError when no answer arrives within timeoutMs', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 100 });
    const started = performance.now();
    const error = await client.databases.get(DB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, method: 'GET', path: '/databases/{database_id}' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('takes a per-request timeoutMs over the client one', async () => {
    server = await never();
    const client = createDatabaseApiClient({
      baseUrl: server.baseUrl,
      token: 'tok-123456',
      timeoutMs: 60_000,
    });
    await expect(client.databases.get(DB, { timeoutMs: 50 })).rejects.toMatchObject({ timeoutMs: 50 });
  });

  it('covers a body that stops half-way', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"database":');
    });
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 100 });
    await expect(client.databases.get(DB)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('keeps the process alive while the request waits, and not once it is answered', async () => {
    // The timer is kept, unreferenced, for the next request (`watch` in internal/attempt.ts).
    let timer: NodeJS.Timeout | undefined;
    let referencedDuringRequest: boolean | undefined;
    await withTimerSpies(async (timers) => {
      const client = createDatabaseApiClient({
        baseUrl: 'http://127.0.0.1:9/api',
        token: 'tok-123456',
        timeoutMs: 12_345,
        fetch: async () => {
          timer = timers(12_345)[0];
          referencedDuringRequest = timer?.hasRef();
          return Response.json({ database: database() });
        },
      });
      await client.databases.get(DB);
    });
    expect(referencedDuringRequest).toBe(true);
    expect(timer?.hasRef()).toBe(false);
  });

  it('applies to the typed client too', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456', timeoutMs: 50 });
    await expect(
      client.GET('/databases/{database_id}', { params: { path: { database_id: DB } } }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('abort', () => {
  it('rejects with the signal reason when aborted in flight', async () => {
    server = await never();
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const controller = new AbortController();
    const pending = client.databases.get(DB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('sends nothing when the signal is already aborted', async () => {
    server = await startServer((_req, res) => json(res, 200, { database: database() }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const reason = new Error('stop');
    await expect(client.databases.get(DB, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('stops the backoff wait between retries', async () => {
    server = await startServer((_req, res) => json(res, 503, { error: 'later' }, { 'retry-after': '30' }));
    const client = createDatabaseApiClient({ baseUrl: server.baseUrl, token: 'tok-123456' });
    const controller = new AbortController();
    const started = performance.now();
    const pending = client.databases.get(DB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });
});

// On Node's own fetch the client stops an attempt through the dispatcher it gives fetch (see
// src/internal/attempt.ts), not through a signal. These tests watch the connection from the
// server's side: a stopped request is one whose connection closes.
describe('stopping a request sent by Node’s fetch', () => {
  const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
  const globals = globalThis as unknown as Record<symbol, unknown> & { fetch: typeof fetch };
  const native = globalThis.fetch;
  afterEach(() => {
    globals.fetch = native;
  });

  /**
   * Answers GET /api/databases/<DB>, sends half of an answer to …/half, leaves any other request
   * unanswered; `unanswered()` lists the others, with whether their connection has closed.
   */
  async function hangingServer() {
    server = await startServer((req, res) => {
      if (req.url === `/api/databases/${DB}`) return json(res, 200, { database: database() });
      if (req.url.endsWith('/half')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"database":');
      }
    });
    const { baseUrl, requests, connectionClosed } = server;
    const unanswered = () =>
      requests.flatMap(({ url }, i) =>
        url === `/api/databases/${DB}` ? [] : [{ url, closed: connectionClosed(i) }],
      );
    return { baseUrl, unanswered };
  }

  /** Replaces the global fetch with one that notes which of `signal` and `dispatcher` it is given. */
  function watchGlobalFetch(forward: (init: RequestInit) => RequestInit = (init) => init) {
    const given: string[][] = [];
    globals.fetch = ((input: string, init: RequestInit) => {
      given.push(['signal', 'dispatcher'].filter((key) => key in init));
      return native(input, forward(init));
    }) as typeof fetch;
    return given;
  }

  it('gives fetch a dispatcher and no signal once fetch is seen to use it; the timeout closes the connection', async () => {
    const { baseUrl, unanswered } = await hangingServer();
    const given = watchGlobalFetch();
    const client = createDatabaseApiClient({ baseUrl, token: 'tok-123456', timeoutMs: 100, retry: false });
    await client.databases.get(DB);
    await client.databases.get(DB);
    expect(given).toEqual([['signal', 'dispatcher'], ['dispatcher']]);

    const started = performance.now();
    await expect(client.databases.get('never')).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);
    // The body's wait too: the facade's timeout covers the answer.
    await expect(client.databases.get('half')).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(given.slice(2)).toEqual([['dispatcher'], ['dispatcher']]);
    await vi.waitFor(() =>
      expect(unanswered()).toEqual([
        { url: '/api/databases/never', closed: true },
        { url: '/api/databases/half', closed: true },
      ]),
    );
  });

  it('closes the connection when the caller aborts, and rejects with the reason', async () => {
    const { baseUrl, unanswered } = await hangingServer();
    const given = watchGlobalFetch();
    const client = createDatabaseApiClient({ baseUrl, token: 'tok-123456', retry: false });
    await client.databases.get(DB);
    const reason = new Error('the caller gave up');
    const pending = client.GET('/databases/{database_id}', {
      params: { path: { database_id: 'never' } },
      signal: AbortSignal.timeout(50),
    });
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const second = client.databases.get('never', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(second).rejects.toBe(reason);
    expect(given.slice(1)).toEqual([['dispatcher'], ['dispatcher']]);
    await vi.waitFor(() => expect(unanswered().map((u) => u.closed)).toEqual([true, true]));
  });

  it('keeps giving a signal to a global fetch that drops the dispatcher, and stops its requests with it', async () => {
    const { baseUrl, unanswered } = await hangingServer();
    const given = watchGlobalFetch(
      ({ dispatcher: _dropped, ...init }: RequestInit & { dispatcher?: unknown }) => init,
    );
    const client = createDatabaseApiClient({ baseUrl, token: 'tok-123456', timeoutMs: 100, retry: false });
    await client.databases.get(DB);
    await client.databases.get(DB);
    await expect(client.databases.get('never')).rejects.toBeInstanceOf(TimeoutError);
    expect(given).toEqual([
      ['signal', 'dispatcher'],
      ['signal', 'dispatcher'],
      ['signal', 'dispatcher'],
    ]);
    await vi.waitFor(() => expect(unanswered()).toEqual([{ url: '/api/databases/never', closed: true }]));
  });

  /**
   * Replaces the global dispatcher with one that connects at once, and the global fetch with one
   * that sends nothing: it hands the dispatcher the handler `makeHandler()` gives and answers.
   * Returns what each call gave fetch; `done` restores the dispatcher (`afterEach` restores fetch).
   */
  function fakeFetch(makeHandler: () => object) {
    const real = globals[GLOBAL_DISPATCHER];
    type Handler = { onConnect?: (abort: () => void) => void };
    globals[GLOBAL_DISPATCHER] = {
      dispatch: (_options: object, handler: Handler) => {
        handler.onConnect?.(() => {});
        return true;
      },
    };
    const given: string[][] = [];
    type Dispatch = (options: object, handler: object) => boolean;
    globals.fetch = ((_input: string, init: RequestInit & { dispatcher?: { dispatch: Dispatch } }) => {
      given.push(['signal', 'dispatcher'].filter((key) => key in init));
      init.dispatcher?.dispatch({}, makeHandler());
      return Promise.resolve(Response.json({ database: database() }));
    }) as typeof fetch;
    return { given, done: () => (globals[GLOBAL_DISPATCHER] = real) };
  }
  const client = () => createDatabaseApiClient({ baseUrl: 'http://127.0.0.1:9/api', token: 'tok-123456' });

  it('goes back to a signal as soon as fetch hands the dispatcher a handler it cannot hook', async () => {
    let frozen = false;
    // Like Node's fetch: the handler keeps the function that aborts its request.
    const { given, done } = fakeFetch(() => {
      const handler = {
        abort: null as unknown,
        onConnect(abort: () => void) {
          Reflect.set(handler, 'abort', abort); // (not when frozen)
        },
      };
      return frozen ? Object.freeze(handler) : handler;
    });
    try {
      const api = client();
      await api.databases.get(DB);
      await api.databases.get(DB);
      frozen = true;
      await api.databases.get(DB);
      await api.databases.get(DB);
    } finally {
      done();
    }
    expect(given).toEqual([
      ['signal', 'dispatcher'],
      ['dispatcher'],
      ['dispatcher'],
      ['signal', 'dispatcher'],
    ]);
  });

  it('keeps giving a signal to a fetch whose handler does not keep the function that aborts it', async () => {
    const { given, done } = fakeFetch(() => ({ onConnect() {} }));
    try {
      const api = client();
      for (let i = 0; i < 3; i++) await api.databases.get(DB);
    } finally {
      done();
    }
    expect(given).toEqual([
      ['signal', 'dispatcher'],
      ['signal', 'dispatcher'],
      ['signal', 'dispatcher'],
    ]);
  });

  it('releases the caller at the deadline when the request has not started yet, and stops it when it starts', async () => {
    const { baseUrl, unanswered } = await hangingServer();
    const client = createDatabaseApiClient({ baseUrl, token: 'tok-123456', timeoutMs: 50, retry: false });
    await client.databases.get(DB);
    // A global dispatcher that takes 300 ms to start each request, like a slow connection.
    const real = globals[GLOBAL_DISPATCHER] as { dispatch(options: object, handler: object): boolean };
    globals[GLOBAL_DISPATCHER] = {
      dispatch: (options: object, handler: object) => {
        setTimeout(() => real.dispatch(options, handler), 300);
        return true;
      },
    };
    try {
      const started = performance.now();
      await expect(client.databases.get('never')).rejects.toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeLessThan(250);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      globals[GLOBAL_DISPATCHER] = real;
    }
    // Stopped as it started: the request never reached the server.
    expect(unanswered()).toEqual([]);
  });
});

describe('a fetch that ignores its signal', () => {
  it('cannot keep the caller waiting past the timeout, for the answer or its body', async () => {
    const stalled = new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), {
      headers: { 'content-type': 'application/json' },
    });
    const answers = [new Promise<Response>(() => {}), Promise.resolve(stalled)];
    const client = createDatabaseApiClient({
      baseUrl: 'http://127.0.0.1:9/api',
      token: 'tok-123456',
      timeoutMs: 50,
      retry: false,
      fetch: () => answers.shift() as Promise<Response>,
    });
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await expect(client.databases.get(DB)).rejects.toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
