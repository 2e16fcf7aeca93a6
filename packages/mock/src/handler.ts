// What handlers see and give: the request context, the errors they throw, and how the engine turns
// what they return (a resource, a resource with headers, or a full reply) into a response.
import type { EngineResponse } from './engine.js';
import type { JsonObject, OperationModel } from './openapi.js';
import type { FieldErrors } from './validation.js';
import { rootKeyOf } from './validation.js';

export interface HandlerContext {
  operation: OperationModel;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** The validated request body, without its root key when the spec wraps it in one. */
  body: unknown;
  /** The bearer token sent, if any. */
  token: string | undefined;
  /** `origin` + the document's base path, e.g. `http://127.0.0.1:4010/api`. */
  baseUrl: string;
  /** What `authorize` returned for the token (the mock's grant). */
  principal: unknown;
}

export interface HandlerResult {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * Answers an operation: what it returns is the resource of the success response (undefined for
 * one without a body), or a `Reply` to give the answer in full.
 */
export type Handler = (ctx: HandlerContext) => unknown;

/** An answer given in full by a handler: its status and body are sent as they are (still validated). */
export class Reply {
  constructor(readonly result: HandlerResult) {}
}

/** A resource and headers to add to the success answer the engine builds from it. */
export class WithHeaders {
  constructor(
    readonly resource: unknown,
    readonly headers: Record<string, string>,
  ) {}
}

/** Thrown by handlers (or `authorize`) to answer with an error status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === 'object' && body && 'error' in body
        ? String((body as JsonObject).error)
        : `HTTP ${status}`,
    );
  }
}

/** A 422 (or 400 when the operation declares no 422) naming the fields. */
export class FieldError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(
      Object.entries(fields)
        .map(([f, m]) => `${f} ${m.join(', ')}`)
        .join('; '),
    );
  }
}

/** How the declared success response of an operation is built from a handler's resource. */
export interface Success {
  status: number;
  mediaType: string | undefined;
  rootKey: string | undefined;
}

/** The response for what a handler returned: a full `Reply`, or a resource to wrap. */
export function answerOf(
  operation: OperationModel,
  success: Success | undefined,
  out: unknown,
): EngineResponse {
  if (out instanceof Reply) return toResponse(out.result);
  if (!success) throw new Error(`${operation.operationId} declares no success response to answer with`);
  const headers = out instanceof WithHeaders ? { ...out.headers } : {};
  const resource = out instanceof WithHeaders ? out.resource : out;
  if (success.mediaType === undefined) return { status: success.status, headers };
  if (!/json/i.test(success.mediaType)) {
    headers['content-type'] = success.mediaType;
    return { status: success.status, headers, text: String(resource) };
  }
  const json = success.rootKey === undefined ? resource : { [success.rootKey]: resource };
  return { status: success.status, headers, json };
}

export function toResponse(result: HandlerResult): EngineResponse {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.text !== undefined) {
    headers['content-type'] = result.contentType ?? 'text/plain';
    return { status: result.status, headers, text: result.text };
  }
  return { status: result.status, headers, json: result.json };
}

export /** The status, media type and root key of an operation's success response (its first 2xx). */
function successOf(document: JsonObject, operation: OperationModel): Success | undefined {
  const response = operation.responses.find((r) => /^2\d\d$/.test(r.key));
  if (!response) return undefined;
  const media = response.content[0];
  return {
    status: Number(response.key),
    mediaType: media?.mediaType,
    rootKey:
      media?.schemaPointer && /json/i.test(media.mediaType)
        ? rootKeyOf(document, media.schemaPointer)
        : undefined,
  };
}

/** Answers with the first example of the operation's first success response. */
export const exampleHandler: Handler = (ctx) => {
  const success = ctx.operation.responses.find((r) => /^2/.test(r.key));
  if (!success)
    throw new HttpError(500, { error: `${ctx.operation.operationId} declares no success response` });
  const status = /^\d+$/.test(success.key) ? Number(success.key) : 200;
  const media = success.content[0];
  if (!media) return new Reply({ status });
  const example = Object.values(media.examples)[0];
  if (example === undefined) {
    throw new HttpError(500, { error: `${ctx.operation.operationId} has no example to answer with` });
  }
  if (typeof example === 'string' && !/json/.test(media.mediaType)) {
    return new Reply({ status, text: example, contentType: media.mediaType });
  }
  return new Reply({ status, json: example });
};
