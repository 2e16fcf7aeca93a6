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
  const split = new Map<string, string[]>();
  const invoke: Caller['invoke'] = async (operationId, pathValues, body, options, unwrap) => {
    const op = operations[operationId];
    // The path split on its parameters, once per operation: '/databases/', 'database_id', '/backups'.
    let parts = split.get(operationId);
    if (!parts) {
      parts = op.path.split(/\{([^}]+)\}/);
      split.set(operationId, parts);
    }
    let url = baseUrl;
    for (let i = 0; i < parts.length; i++) {
      url += i % 2 ? encodePathParam(pathValues[(i - 1) / 2], parts[i] as string, operationId) : parts[i];
    }
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
