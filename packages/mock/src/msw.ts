// MSW handlers for the Database API, for browser and Node tests: every operation of the spec is
// answered by the same engine and state as the mock server (validation, behaviour, faults).
// `http` is typed from the spec with openapi-msw, for tests that override one operation.

import type { paths } from '@scalingo-db-api/openapi/types';
import { type HttpHandler, HttpResponse } from 'msw';
import { createOpenApiHttp, type OpenApiHttpHandlers } from 'openapi-msw';
import { createMockApi, type MockApi, type MockOptions } from './api.js';
import type { EngineRequest, EngineResponse } from './engine.js';
import type { JsonObject } from './openapi.js';
import { PRESIGNED_PREFIX } from './presigned.js';
import { answerWithFaults } from './transport.js';

export type { paths } from '@scalingo-db-api/openapi/types';

export interface MswOptions extends MockOptions {
  /**
   * Where the code under test sends its requests, e.g. `https://db-api.osc-fr1.scalingo.com/api`
   * (the default: the first server of the spec) or `/api` in a browser app.
   */
  baseUrl?: string;
  /** Share the state of an existing mock (for instance a `startMockServer` one) instead of a new one. */
  api?: MockApi;
}

export interface MswMock {
  /** Give these to `setupServer(...)` (msw/node) or `setupWorker(...)` (msw/browser). */
  handlers: HttpHandler[];
  /** The state, hooks and tokens behind the handlers. */
  api: MockApi;
  /** openapi-msw's `http`, typed from the spec and bound to the same base URL, for overrides. */
  http: OpenApiHttpHandlers<paths>;
  baseUrl: string;
}

function firstServerUrl(document: JsonObject): string {
  const servers = document.servers as { url?: string }[] | undefined;
  return servers?.[0]?.url ?? '/api';
}

/** The MSW answer of an engine response (undefined: a dropped connection, a network error). */
function toHttpResponse(response: EngineResponse | undefined): Response {
  if (!response) return HttpResponse.error();
  const headers = new Headers(response.headers);
  const bytes = response.bytes;
  if (bytes !== undefined) {
    headers.set('content-length', String(bytes.length));
    let chunks: Iterator<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks ??= bytes.chunks()[Symbol.iterator]();
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    return new HttpResponse(body, { status: response.status, headers });
  }
  if (response.text !== undefined)
    return new HttpResponse(response.text, { status: response.status, headers });
  if (response.json !== undefined)
    return HttpResponse.json(response.json, { status: response.status, headers });
  return new HttpResponse(null, { status: response.status, headers });
}

/** Builds the handlers (and, unless `api` is given, a new mock state seeded like the server's). */
export function createMswHandlers(options: MswOptions = {}): MswMock {
  const api = options.api ?? createMockApi(options);
  const baseUrl = (options.baseUrl ?? firstServerUrl(api.model.document)).replace(/\/+$/, '');
  const http = createOpenApiHttp<paths>({ baseUrl });
  const basePath = api.model.basePath;

  const forward = async (request: Request): Promise<EngineRequest> => {
    const url = new URL(request.url);
    const prefix = new URL(baseUrl, url.origin).pathname.replace(/\/+$/, '');
    // The engine serves the spec's base path (`/api`); map the configured base URL onto it.
    const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    return {
      method: request.method,
      url: `${basePath}${rest}${url.search}`,
      origin: url.origin,
      publicBaseUrl: `${url.origin}${prefix}`,
      headers,
      body: body === '' ? undefined : body,
    };
  };

  const handlers: HttpHandler[] = [];
  for (const operation of api.model.operations) {
    const register = (http as unknown as Record<string, (path: string, resolver: unknown) => HttpHandler>)[
      operation.method
    ];
    if (!register) continue;
    handlers.push(
      register(operation.path, async ({ request }: { request: Request }) =>
        toHttpResponse(
          await answerWithFaults(
            api.engine,
            api.faults,
            operation.method,
            operation,
            () => forward(request),
            api.handle,
          ),
        ),
      ),
    );
  }
  // The pre-signed objects (backup archives, logs) live on the same host, outside the base path.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl);
  const presignedPattern = `${absolute ? new URL(baseUrl).origin : ''}${PRESIGNED_PREFIX}/*`;
  handlers.push(
    http.untyped.all(presignedPattern, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const engineRequest = (): EngineRequest => ({
        method: request.method,
        url: `${url.pathname}${url.search}`,
        origin: url.origin,
        headers,
      });
      return toHttpResponse(
        await answerWithFaults(api.engine, api.faults, request.method, undefined, engineRequest, api.handle),
      );
    }),
  );
  // Anything else under the base URL gets the engine's 404 or 405.
  handlers.push(
    http.untyped.all(`${baseUrl}/*`, async ({ request }) => {
      const engineRequest = await forward(request);
      return toHttpResponse(api.handle(engineRequest));
    }),
  );
  return { handlers, api, http, baseUrl };
}
