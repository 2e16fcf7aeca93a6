import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import { encodePathParam, fillPath, routeOf, serializeQuery, splitPath } from './internal/call.js';
import type { Transport } from './internal/transport.js';

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown> };
type Init = {
  params?: Params;
  body?: unknown;
  headers?: unknown;
  signal?: AbortSignal;
  middleware?: unknown;
};
type Answer = { data?: unknown; error?: unknown; response: Response };

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const DIRECT_OPTIONS = ['params', 'body', 'headers', 'signal'];

/** Whether every key of `value` is one of `keys` (true for undefined). */
const only = (value: unknown, keys: string[]) => Object.keys(value ?? {}).every((key) => keys.includes(key));

/**
 * Whether a call only uses what the direct path below handles exactly like openapi-fetch:
 * path and query parameters, a JSON body, string headers (not `Content-Type`), a signal.
 */
const isDirect = (init: Init | undefined) =>
  only(init, DIRECT_OPTIONS) &&
  only(init?.params, ['path', 'query']) &&
  Object.entries(init?.headers ?? {}).every(
    ([k, v]) => typeof v === 'string' && !/^content-type$/i.test(k),
  ) &&
  !(init?.headers instanceof Headers) &&
  !(typeof FormData !== 'undefined' && init?.body instanceof FormData);

/**
 * The typed openapi-fetch client, sending through the transport (token, retries, timeout).
 *
 * Profiled, openapi-fetch's own work was about 10 µs a call here (copies of the options, a
 * `Headers`, a WHATWG `Request` with its URL parse and AbortController, which the transport
 * then unpacked to send a new one, and middleware), more than the facade adds to a plain
 * `fetch`; its `createFinalURL` with a regex path serializer was 7 µs more in a real round trip.
 * So a call that only uses path and query parameters, a JSON body, headers and a signal, on a
 * client without middleware, goes straight to the transport, with the URL `createFinalURL` would
 * make from the serializers given to it below (the spec's paths split once, see `routeOf`), and
 * the same `{ data, error, response }`; every other call (middleware, `parseAs`, custom
 * serializers, a per-call `fetch`, …) goes through openapi-fetch itself.
 */
export function createTypedClient(
  transport: Transport,
  baseUrl: string,
  /** What the raw client's answers pass through (the client redacts error bodies with it). */
  onResponse: (response: Response) => Response | Promise<Response>,
): Client<paths> {
  /** `path` after `base`, its parameters replaced by their encoded `values` (missing ones left as they are). */
  const serializePath = (
    base: string,
    path: string,
    values: Record<string, unknown>,
    parts = splitPath(path),
  ) =>
    fillPath(base, parts, (name) =>
      values[name] === undefined ? `{${name}}` : encodePathParam(values[name], name, base + path),
    );
  const pathSerializer = (pathname: string, values: Record<string, unknown>) =>
    serializePath('', pathname, values);
  /** The URL openapi-fetch's `createFinalURL` makes with the serializers given to it below. */
  const urlOf = (path: string, { path: values, query }: Params) => {
    const url = values ? serializePath(baseUrl, path, values, routeOf(path)?.parts) : baseUrl + path;
    const search = query && serializeQuery(query);
    return search ? `${url}?${search}` : url;
  };
  const send = (
    method: string,
    path: string,
    init: Omit<Init, 'params'>,
    url: string,
    body?: string | ArrayBuffer,
  ) =>
    transport.send(
      {
        method,
        path,
        url,
        headers: init.headers as Record<string, string> | undefined,
        body,
        auth: !routeOf(path)?.open.includes(method),
        signal: init.signal,
        timeoutCovers: 'headers',
      },
      onResponse,
    );

  const api = createClient<paths>({
    baseUrl,
    querySerializer: serializeQuery,
    pathSerializer,
    // openapi-fetch copies the options it does not know onto the request: `schemaPath` (set by
    // the wrappers below) names the templated path, unless middleware replaced the request.
    fetch: async (request: Request & { schemaPath?: string }) =>
      send(
        request.method,
        request.schemaPath ?? new URL(request.url).pathname,
        { headers: Object.fromEntries(request.headers), signal: request.signal },
        request.url,
        request.body ? await request.arrayBuffer() : undefined,
      ),
  });

  /** A call by the direct path: the URL, body and answer as openapi-fetch 0.17 makes them. */
  const direct = async (method: string, path: string, init: Init = {}): Promise<Answer> => {
    const url = urlOf(path, init.params ?? {});
    // The transport adds `content-type: application/json` to a body (isDirect refused any other).
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const response = await send(method, path, init, url, body);

    const length = response.headers.get('content-length');
    const key = response.ok ? 'data' : 'error';
    let value: unknown;
    if (
      response.status !== 204 &&
      method !== 'HEAD' &&
      (length !== '0' || response.headers.get('transfer-encoding')?.includes('chunked'))
    ) {
      if (response.ok && length) value = await response.json();
      else {
        value = await response.text();
        try {
          value = response.ok && !value ? undefined : JSON.parse(value as string);
        } catch (error) {
          // An error answer that is not JSON is kept as text; a success that is not JSON fails.
          if (response.ok) throw error;
        }
      }
    }
    return { [key]: value, response };
  };

  // Once middleware is registered with `use`, every call goes through openapi-fetch.
  let middleware = false;
  const typed: Record<string, unknown> = {
    ...api,
    use(...list: Middleware[]) {
      api.use(...list);
      middleware = true;
    },
  };
  const request = api.request as unknown as (method: string, path: string, init: object) => Promise<Answer>;
  const call = (method: string, path: string, init?: Init) =>
    !middleware && isDirect(init)
      ? direct(method.toUpperCase(), path, init)
      : request(method, path, { ...init, schemaPath: path });
  for (const method of METHODS) typed[method] = (path: string, init?: Init) => call(method, path, init);
  typed.request = call;
  return typed as unknown as Client<paths>;
}
