import { readFileSync } from 'node:fs';
import {
  Engine,
  type EngineOptions,
  type EngineRequest,
  type Handler,
  HttpError,
  Reply,
  WithHeaders,
} from '../../src/engine.js';
import type { JsonObject } from '../../src/openapi.js';

export const tinySpec = (): JsonObject =>
  JSON.parse(readFileSync(new URL('../fixtures/tiny-openapi.json', import.meta.url), 'utf8')) as JsonObject;

export const lamp = { id: 't-1', name: 'lamp', kind: 'plain', created_at: '2026-01-02T03:04:05.000+01:00' };

/** Handlers of the tiny fixture API; `broken` lets a test make one of them answer off-contract. */
export function tinyHandlers(broken: Partial<Record<string, Handler>> = {}): Record<string, Handler> {
  const handlers: Record<string, Handler> = {
    // It echoes the query it got beside the list: a full answer rather than the bare list.
    listThings: (ctx) => new Reply({ status: 200, json: { things: [lamp], query: ctx.query } }),
    getThing: (ctx) => {
      if (ctx.params.thing_id !== 't-1') throw new HttpError(404, { resource: 'thing', error: 'not found' });
      return lamp;
    },
    createThing: (ctx) => {
      const thing = ctx.body as JsonObject;
      return { ...thing, id: 't-2', created_at: lamp.created_at };
    },
    deleteThing: () => undefined,
    moveThing: (ctx) =>
      new WithHeaders(
        { message: 'moving' },
        { location: `${ctx.baseUrl}/things/${String(ctx.params.thing_id)}` },
      ),
  };
  for (const [id, handler] of Object.entries(broken)) if (handler) handlers[id] = handler;
  return handlers;
}

export function tinyEngine(options: Partial<EngineOptions> = {}): Engine {
  return new Engine({ document: tinySpec(), handlers: tinyHandlers(), ...options });
}

export function req(
  method: string,
  url: string,
  {
    body,
    token = 'secret',
    headers = {},
  }: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): EngineRequest {
  return {
    method,
    url,
    origin: 'http://127.0.0.1:4010',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  };
}
