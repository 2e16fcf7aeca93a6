// Reads an OpenAPI 3.1 document into the operation table the mock routes with: every path template,
// method, parameter, request body and response, each with the JSON pointer of its schema so that
// the validators can be compiled straight from the document.
export type JsonObject = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** JSON pointer (inside the document) of the parameter's schema. */
  schemaPointer: string | undefined;
  schema: JsonObject | undefined;
}

export interface MediaModel {
  mediaType: string;
  schemaPointer: string | undefined;
  /** Examples given for this media type, by name (`example` is stored under the name `default`). */
  examples: Record<string, unknown>;
}

export interface HeaderModel {
  name: string;
  required: boolean;
  schemaPointer: string | undefined;
}

export interface ResponseModel {
  /** `200`, `2XX` or `default`. */
  key: string;
  pointer: string;
  headers: HeaderModel[];
  content: MediaModel[];
}

export interface OperationModel {
  operationId: string;
  method: HttpMethod;
  path: string;
  pointer: string;
  tags: string[];
  parameters: ParameterModel[];
  requestBody: { required: boolean; content: MediaModel[] } | undefined;
  responses: ResponseModel[];
  /** False when the operation (or the document) declares an empty security requirement. */
  requiresAuth: boolean;
  raw: JsonObject;
}

export interface ApiModel {
  document: JsonObject;
  /** The path part of the first server URL, e.g. `/api` (empty string when the server has none). */
  basePath: string;
  operations: OperationModel[];
  byId: Map<string, OperationModel>;
  router: Router;
}

export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapePointer(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function getByPointer(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '#') return document;
  const parts = pointer.replace(/^#/, '').split('/').slice(1).map(unescapePointer);
  let node: unknown = document;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as JsonObject)[part];
  }
  return node;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows local `$ref`s of a non-schema object (parameter, response, header…) to its target. */
function deref(document: JsonObject, node: unknown, pointer: string): { node: JsonObject; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; hops < 20; hops++) {
    if (!isObject(current)) throw new Error(`expected an object at ${at}`);
    const ref = current.$ref;
    if (typeof ref !== 'string') return { node: current, pointer: at };
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported, found ${ref} at ${at}`);
    at = ref;
    current = getByPointer(document, ref);
    if (current === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  throw new Error(`reference cycle at ${pointer}`);
}

function mediaModels(document: JsonObject, content: unknown, pointer: string): MediaModel[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([mediaType, media]) => {
    const mediaPointer = `${pointer}/${escapePointer(mediaType)}`;
    const value = isObject(media) ? media : {};
    const examples: Record<string, unknown> = {};
    if ('example' in value) examples.default = value.example;
    if (isObject(value.examples)) {
      for (const [name, example] of Object.entries(value.examples)) {
        const resolved = deref(document, example, `${mediaPointer}/examples/${escapePointer(name)}`).node;
        if ('value' in resolved) examples[name] = resolved.value;
      }
    }
    return {
      mediaType,
      schemaPointer: 'schema' in value ? `${mediaPointer}/schema` : undefined,
      examples,
    };
  });
}

export function buildApiModel(document: JsonObject): ApiModel {
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error(`expected an OpenAPI 3.1 document, found openapi: ${String(document.openapi)}`);
  }
  const paths = isObject(document.paths) ? document.paths : {};
  const rootSecurity = Array.isArray(document.security) ? document.security : [];
  const operations: OperationModel[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    const { node: item, pointer: resolvedItemPointer } = deref(document, rawItem, itemPointer);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const rawOperation = item[method];
      if (rawOperation === undefined) continue;
      const { node: op, pointer } = deref(document, rawOperation, `${resolvedItemPointer}/${method}`);
      const operationId = typeof op.operationId === 'string' ? op.operationId : `${method} ${path}`;
      const parameters = new Map<string, ParameterModel>();
      const collect = (list: unknown[], listPointer: string) => {
        list.forEach((entry, index) => {
          const { node: param, pointer: paramPointer } = deref(document, entry, `${listPointer}/${index}`);
          const where = param.in as ParameterModel['in'];
          const name = String(param.name);
          parameters.set(`${where}:${name}`, {
            name,
            in: where,
            required: param.required === true || where === 'path',
            schemaPointer: 'schema' in param ? `${paramPointer}/schema` : undefined,
            schema: isObject(param.schema) ? param.schema : undefined,
          });
        });
      };
      collect(shared, `${resolvedItemPointer}/parameters`);
      if (Array.isArray(op.parameters)) collect(op.parameters, `${pointer}/parameters`);

      let requestBody: OperationModel['requestBody'];
      if (op.requestBody !== undefined) {
        const { node: body, pointer: bodyPointer } = deref(
          document,
          op.requestBody,
          `${pointer}/requestBody`,
        );
        requestBody = {
          required: body.required === true,
          content: mediaModels(document, body.content, `${bodyPointer}/content`),
        };
      }

      const responses: ResponseModel[] = [];
      for (const [key, rawResponse] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const { node: response, pointer: responsePointer } = deref(
          document,
          rawResponse,
          `${pointer}/responses/${escapePointer(key)}`,
        );
        const headers: HeaderModel[] = [];
        for (const [name, rawHeader] of Object.entries(isObject(response.headers) ? response.headers : {})) {
          const { node: header, pointer: headerPointer } = deref(
            document,
            rawHeader,
            `${responsePointer}/headers/${escapePointer(name)}`,
          );
          headers.push({
            name: name.toLowerCase(),
            required: header.required === true,
            schemaPointer: 'schema' in header ? `${headerPointer}/schema` : undefined,
          });
        }
        responses.push({
          key: key.toUpperCase(),
          pointer: responsePointer,
          headers,
          content: mediaModels(document, response.content, `${responsePointer}/content`),
        });
      }

      const security = Array.isArray(op.security) ? op.security : rootSecurity;
      const requiresAuth =
        security.length > 0 && !security.some((req) => isObject(req) && Object.keys(req).length === 0);
      operations.push({
        operationId,
        method,
        path,
        pointer,
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        parameters: [...parameters.values()],
        requestBody,
        responses,
        requiresAuth,
        raw: op,
      });
    }
  }
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  return { document, basePath: serverBasePath(document), operations, byId, router: new Router(operations) };
}

function serverBasePath(document: JsonObject): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = servers[0];
  if (!isObject(first) || typeof first.url !== 'string') return '';
  const url = first.url.replace(/\{[^}]+\}/g, 'x');
  const pathname = url.startsWith('/') ? url : new URL(url).pathname;
  return pathname.replace(/\/+$/, '');
}

/** Looks up the response declared for a status: the exact code, then `2XX`-style ranges, then `default`. */
export function findResponse(operation: OperationModel, status: number): ResponseModel | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    operation.responses.find((r) => r.key === exact) ??
    operation.responses.find((r) => r.key === range) ??
    operation.responses.find((r) => r.key === 'DEFAULT')
  );
}

export function declaresStatus(operation: OperationModel, status: number): boolean {
  const exact = String(status);
  return operation.responses.some((r) => r.key === exact || r.key === `${exact[0]}XX`);
}

type Segment = { literal: string } | { param: string };

interface Route {
  segments: Segment[];
  literalCount: number;
  byMethod: Map<string, OperationModel>;
  path: string;
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationModel; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** Matches a request path against the document's path templates, preferring literal segments. */
export class Router {
  private readonly routesByLength = new Map<number, Route[]>();

  constructor(operations: OperationModel[]) {
    const byPath = new Map<string, Route>();
    for (const op of operations) {
      let route = byPath.get(op.path);
      if (!route) {
        const segments: Segment[] = op.path
          .split('/')
          .filter(Boolean)
          .map((part) => {
            const param = /^\{([^}]+)\}$/.exec(part);
            return param?.[1] ? { param: param[1] } : { literal: part };
          });
        route = {
          segments,
          literalCount: segments.filter((s) => 'literal' in s).length,
          byMethod: new Map(),
          path: op.path,
        };
        byPath.set(op.path, route);
        const list = this.routesByLength.get(segments.length) ?? [];
        list.push(route);
        this.routesByLength.set(segments.length, list);
      }
      route.byMethod.set(op.method.toUpperCase(), op);
    }
    for (const list of this.routesByLength.values()) list.sort((a, b) => b.literalCount - a.literalCount);
  }

  match(method: string, pathname: string): RouteMatch {
    const raw = pathname.split('/').filter(Boolean);
    let parts: string[];
    try {
      parts = raw.map((p) => decodeURIComponent(p));
    } catch {
      return { kind: 'not-found' };
    }
    const candidates = this.routesByLength.get(parts.length) ?? [];
    let allowed: string[] | undefined;
    for (const route of candidates) {
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i] as Segment;
        const part = parts[i] as string;
        if ('literal' in segment) {
          if (segment.literal !== part) {
            ok = false;
            break;
          }
        } else {
          if (part === '') {
            ok = false;
            break;
          }
          params[segment.param] = part;
        }
      }
      if (!ok) continue;
      const upper = method.toUpperCase();
      const operation = route.byMethod.get(upper);
      if (operation) return { kind: 'operation', operation, params };
      allowed ??= [...route.byMethod.keys()];
    }
    return allowed ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
