import { DatabaseClientError, errorFromResponse } from './errors.js';
import { type OperationId, type OperationTable, operations } from './generated/operations.js';
import type { Transport } from './transport.js';
import type { RequestOptions } from './types.js';

type Operation = OperationTable[OperationId];

export interface InvokeOptions extends RequestOptions {
  query?: Record<string, unknown> | undefined;
}

/**
 * Encodes one path parameter. The value becomes a single path segment whatever it holds: `/`,
 * spaces and non-ASCII characters are percent-encoded. `.` and `..` alone cannot be sent as a
 * segment (URL parsers resolve them), so they are refused, as are empty values.
 */
export function encodePathParam(value: unknown, name: string, operationId: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new TypeError(`${operationId}: path parameter ${name} must be a string, got ${describe(value)}`);
  }
  if (value === '') throw new TypeError(`${operationId}: path parameter ${name} is empty`);
  if (value === '.' || value === '..') {
    throw new TypeError(
      `${operationId}: path parameter ${name} cannot be "${value}" (it would name another path)`,
    );
  }
  return encodeURIComponent(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** `a=1&b=x%20y`: undefined and null values are left out, arrays repeat their name. */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      const text = v instanceof Date ? v.toISOString() : String(v);
      out += `${out ? '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
    }
  }
  return out;
}

const ACCEPT: Record<Operation['response'], string> = {
  json: 'application/json',
  text: '*/*',
  none: '*/*',
};

/** Calls operations by operationId through the transport: builds the URL and body, reads the answer. */
export class Caller {
  readonly #transport: Transport;
  readonly #baseUrl: string;

  constructor(transport: Transport, baseUrl: string) {
    this.#transport = transport;
    this.#baseUrl = baseUrl;
  }

  /**
   * Calls `operationId` with its path parameters, body and options. With `unwrap`, resolves to
   * the answer without its root key; otherwise to the answer as sent.
   */
  async invoke(
    operationId: OperationId,
    pathValues: readonly unknown[],
    body: unknown,
    options: InvokeOptions | undefined,
    unwrap: boolean,
  ): Promise<unknown> {
    const op: Operation = operations[operationId];
    if (!op) throw new TypeError(`unknown operation ${String(operationId)}`);
    let path = op.path as string;
    const names = op.pathParams as readonly string[];
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const segment = encodePathParam(pathValues[i], name, operationId);
      path = path.replace(`{${name}}`, () => segment);
    }
    const search = serializeQuery(options?.query);
    const url = `${this.#baseUrl}${path}${search ? `?${search}` : ''}`;

    let payload: string | undefined;
    if (op.body === 'empty') payload = '{}';
    else if (op.body === 'json') {
      if (body === undefined) {
        if (op.bodyRequired) throw new TypeError(`${operationId}: a request body is required`);
      } else payload = JSON.stringify(op.bodyRoot ? { [op.bodyRoot]: body } : body);
    }

    const summary = { method: op.method, path: op.path };
    const headers = options?.headers
      ? { accept: ACCEPT[op.response], ...options.headers }
      : { accept: ACCEPT[op.response] };
    return this.#transport.send(
      {
        ...summary,
        url,
        headers,
        body: payload,
        auth: op.auth,
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
        retry: options?.retry,
      },
      async (response) => {
        if (!response.ok) throw await errorFromResponse(response, summary, this.#transport.redactor.text);
        if (response.status === 204 || op.response === 'none') {
          await response.body?.cancel();
          return undefined;
        }
        const text = await response.text();
        if (op.response === 'text') return text;
        if (!text) return undefined;
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          throw new DatabaseClientError(
            `${op.method} ${op.path} answered ${response.status} with a body that is not JSON`,
            summary,
          );
        }
        if (!unwrap || !op.responseRoot) return data;
        if (typeof data !== 'object' || data === null || !(op.responseRoot in data)) {
          throw new DatabaseClientError(
            `${op.method} ${op.path} answered ${response.status} without its root key "${op.responseRoot}"`,
            summary,
          );
        }
        return (data as Record<string, unknown>)[op.responseRoot];
      },
    );
  }

  /** Splits facade arguments (path parameters, body, options) and calls the operation. */
  call(operationId: OperationId, args: readonly unknown[]): Promise<unknown> {
    const op: Operation = operations[operationId];
    const n = op.pathParams.length;
    if (op.body === 'json')
      return this.invoke(operationId, args, args[n], args[n + 1] as InvokeOptions, true);
    return this.invoke(operationId, args, undefined, args[n] as InvokeOptions, true);
  }
}
