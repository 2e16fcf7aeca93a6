import { readFileSync } from 'node:fs';
import { Engine, type EngineOptions, type EngineRequest, type Handler, HttpError } from '../../src/engine.js';
import type { JsonObject } from '../../src/openapi.js';

export const tinySpec = (): JsonObject =>
  JSON.parse(readFileSync(new URL('../fixtures/tiny-openapi.json', import.meta.url), 'utf8')) as JsonObject;

export const lamp = { id: 't-1', name: 'lamp', kind: 'plain', created_at: '2026-01-02T03:04:05.000+01:00' };

/** Handlers of the tiny fixture API; `broken` lets a test make one of them answer off-contract. */
export function tinyHandlers(broken: Partial<Record<string, Handler>> = {}): Record<string, Handler> {
  const handlers: Record<string, Handler> = {
    listThings: (ctx) => ({ status: 200, json: { things: [lamp], query: ctx.query } }),
    getThing: (ctx) => {
      if (ctx.params.thing_id !== 't-1') throw new HttpError(404, { resource: 'thing', error: 'not found' });
      return { status: 200, json: { thing: lamp } };
    },
    createThing: (ctx) => {
      const thing = (ctx.body as { thing: JsonObject }).thing;
      return { status: 201, json: { thing: { ...thing, id: 't-2', created_at: lamp.created_at } } };
    },
    deleteThing: () => ({ status: 204 }),
    moveThing: (ctx) => ({
      status: 202,
      headers: { location: `${ctx.baseUrl}/things/${String(ctx.params.thing_id)}` },
      json: { message: 'moving' },
    }),
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
