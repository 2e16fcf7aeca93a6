import { createQuerySerializer } from 'openapi-fetch';
import { DatabaseClientError, errorFromResponse } from '../errors.js';
import { type OperationId, operations } from '../generated/operations.js';
import type { RequestOptions } from '../types.js';
import { normalizeAnswer, normalizeRequest } from './normalize.js';
import type { Transport } from './transport.js';

export interface InvokeOptions extends RequestOptions {
  query?: Record<string, unknown> | undefined;
}

/**
 * Encodes one path parameter. The value becomes a single path segment whatever it holds: `/`,
 * spaces and non-ASCII characters are percent-encoded. `.` and `..` alone cannot be sent as a
 * segment (URL parsers resolve them), so they are refused, as are empty values.
 */
export function encodePathParam(value: unknown, name: string, where: string): string {
  if (
    (typeof value !== 'string' && typeof value !== 'number') ||
    value === '' ||
    value === '.' ||
    value === '..'
  ) {
    throw new TypeError(
      `${where}: path parameter ${name} must be a non-empty string other than "." and ".." (got ${JSON.stringify(value)})`,
    );
  }
  return encodeURIComponent(value);
}

/** A path template split on its parameters, names at odd indexes: '/databases/', 'database_id', '/backups'. */
export const splitPath = (template: string): string[] => template.split(/\{([^{}]+)\}/);

export interface Route {
  /** The path split on its parameters, see splitPath. */
  parts: string[];
  /** The methods of the path called without the token. */
  open: string[];
}

let routes: Map<string, Route> | undefined;

/** A path of the spec (or undefined for any other path), built once for all clients. */
export function routeOf(path: string): Route | undefined {
  if (!routes) {
    routes = new Map();
    for (const op of Object.values(operations)) {
      const route = routes.get(op.path) ?? { parts: splitPath(op.path), open: [] };
      if (!op.auth) route.open.push(op.method);
      routes.set(op.path, route);
    }
  }
  return routes.get(path);
}

/** `base` followed by the path `parts` (see splitPath), the n-th parameter `name` given by `encode(name, n)`. */
export function fillPath(
  base: string,
  parts: readonly string[],
  encode: (name: string, n: number) => string,
) {
  let url = base;
  for (let i = 0; i < parts.length; i++) url += i % 2 ? encode(parts[i] as string, (i - 1) / 2) : parts[i];
  return url;
}

/** `a=1&b=x%20y`: undefined and null values are left out, arrays repeat their name (openapi-fetch's rules). */
export const serializeQuery: (query: Record<string, unknown> | undefined) => string = createQuerySerializer();

/** Calls operations by operationId through the transport: builds the URL and body, reads the answer. */
export interface Caller {
  /**
   * Calls `operationId` with its path parameters, body and options. With `unwrap`, resolves to
   * the answer without its root key; otherwise to the answer as sent.
   */
  invoke(
    operationId: OperationId,
    pathValues: readonly unknown[],
    body: unknown,
    options: InvokeOptions | undefined,
    unwrap: boolean,
  ): Promise<unknown>;
  /** Splits facade arguments (path parameters, body, options) and calls the operation. */
  call(operationId: OperationId, args: readonly unknown[]): Promise<unknown>;
}

export function createCaller(transport: Transport, baseUrl: string): Caller {
  const invoke: Caller['invoke'] = async (operationId, pathValues, body, options, unwrap) => {
    const op = operations[operationId];
    const { parts } = routeOf(op.path) as Route;
    let url = fillPath(baseUrl, parts, (name, i) => encodePathParam(pathValues[i], name, operationId));
    const search = options?.query && serializeQuery(options.query);
    if (search) url += `?${search}`;
    let payload: string | undefined;
    if (op.body === 'empty') payload = '{}';
    else if (body !== undefined) {
      const sent = unwrap ? normalizeRequest(operationId, body) : body;
      payload = JSON.stringify(op.bodyRoot ? { [op.bodyRoot]: sent } : sent);
    } else if (op.bodyRequired) throw new TypeError(`${operationId}: a request body is required`);

    const { method, path } = op;
    const fail = (why: string) =>
      new DatabaseClientError(`${method} ${path} answered ${why}`, { method, path });
    return transport.send(
      {
        method,
        path,
        url,
        headers: { accept: op.response === 'json' ? 'application/json' : '*/*', ...options?.headers },
        body: payload,
        auth: op.auth,
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
        retry: options?.retry,
      },
      async (response) => {
        if (!response.ok) throw await errorFromResponse(response, { method, path }, transport.redactor.text);
        const text = await response.text();
        if (op.response === 'text') return text;
        if (!text || op.response === 'none') return undefined;
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          throw fail(`${response.status} with a body that is not JSON`);
        }
        const root = unwrap && op.responseRoot;
        if (!root) return unwrap ? normalizeAnswer(operationId, data) : data;
        if (!(data && typeof data === 'object' && root in data)) {
          // An accepted bare form is the resource itself.
          if (op.responseBare && data && typeof data === 'object') return normalizeAnswer(operationId, data);
          throw fail(`without its root key "${root}"`);
        }
        return normalizeAnswer(operationId, (data as Record<string, unknown>)[root]);
      },
    );
  };
  return {
    invoke,
    call(operationId, args) {
      const n = operations[operationId].pathParams.length;
      const hasBody = operations[operationId].body === 'json';
      return invoke(
        operationId,
        args,
        hasBody ? args[n] : undefined,
        args[hasBody ? n + 1 : n] as InvokeOptions,
        true,
      );
    },
  };
}
