// Reads an OpenAPI 3.1 document into the operation table the mock routes with: every path template,
// method, parameter, request body and response, each with the JSON pointer of its schema so that
// the validators can be compiled straight from the document.
import * as model from '@scalingo-db-api/openapi/model';

export type JsonObject = Record<string, unknown>;

export const HTTP_METHODS = model.HTTP_METHODS;
export type HttpMethod = model.HttpMethod;

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

export const escapePointer = model.escapePointer;
export const unescapePointer = model.unescapePointer;
export const getByPointer: (document: unknown, pointer: string) => unknown = model.getByPointer;

/** The shared model's operation list, in the shape the mock routes and validates with. */
export function buildApiModel(document: JsonObject): ApiModel {
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error(`expected an OpenAPI 3.1 document, found openapi: ${String(document.openapi)}`);
  }
  const operations: OperationModel[] = model.listOperations(document).map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    pointer: op.pointer,
    tags: op.tags,
    parameters: op.parameters.map(({ name, in: where, required, schemaPointer, schema }) => ({
      name,
      in: where,
      required,
      schemaPointer,
      schema,
    })),
    requestBody: op.requestBody && {
      required: op.requestBody.required,
      content: op.requestBody.content.map(media),
    },
    responses: op.responses.map((r) => ({
      key: r.status,
      pointer: r.pointer,
      headers: r.headers,
      content: r.content.map(media),
    })),
    requiresAuth: op.requiresAuth,
    raw: op.raw,
  }));
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  return { document, basePath: serverBasePath(document), operations, byId, router: new Router(operations) };
}

function media({ mediaType, schemaPointer, examples }: model.Media): MediaModel {
  return { mediaType, schemaPointer, examples };
}

function serverBasePath(document: JsonObject): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = servers[0];
  if (!model.isObject(first) || typeof first.url !== 'string') return '';
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
