// A transport-free HTTP engine driven by an OpenAPI 3.1 document: it routes a request to its
// operation, checks the bearer, validates path, query, headers and body against the document,
// runs the operation's handler and (optionally) validates the response before it leaves.
// Handlers deal in resources: they get the request body without its root key and return the
// resource, which the engine wraps in the root key of the declared success response and sends with
// that response's status. The Node server (http.ts) and the MSW handlers (msw.ts) are thin
// adapters around it; what both do around it (faults, latency) is in transport.ts.

import { refuseBodyType } from './guard.js';
import {
  answerOf,
  exampleHandler,
  FieldError,
  type Handler,
  type HandlerContext,
  type HandlerResult,
  HttpError,
  type Success,
  successOf,
  toResponse,
} from './handler.js';
import { type IntegerParameter, integerParameters, integerProblems } from './integers.js';
import {
  type ApiModel,
  buildApiModel,
  declaresStatus,
  findResponse,
  type JsonObject,
  type OperationModel,
  type ResponseModel,
} from './openapi.js';
import {
  type CompiledOperation,
  ContractValidator,
  compileOperation,
  type FieldErrors,
  fieldErrors,
  type ParameterValidator,
  type Precompiled,
  responseHeadersValidator,
} from './validation.js';

export {
  exampleHandler,
  FieldError,
  type Handler,
  type HandlerContext,
  type HandlerResult,
  HttpError,
  Reply,
  WithHeaders,
} from './handler.js';

export interface EngineRequest {
  method: string;
  /** Path and query, e.g. `/api/databases/ad-1?x=1`; an absolute URL is accepted too. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The raw body text, if any. */
  body?: string | undefined;
  /** Scheme, host and port the client used, e.g. `http://127.0.0.1:4010`; used for absolute URLs. */
  origin: string;
  /** The base URL the client used, when it is not `origin` + the spec's base path (MSW). */
  publicBaseUrl?: string;
}

export interface EngineResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body (serialised by the adapter) … */
  json?: unknown;
  /** … or a text body with its content type in `headers['content-type']` … */
  text?: string;
  /** … or bytes (the pre-signed objects), with their headers. */
  bytes?: BinaryBody;
  operationId?: string;
}

/** A binary body, produced chunk by chunk so that a large archive is never held in memory. */
export interface BinaryBody {
  length: number;
  chunks(): Iterable<Uint8Array>;
}

export interface ContractViolation {
  operationId: string;
  method: string;
  url: string;
  status: number;
  problem: string;
}

export interface EngineOptions {
  document: JsonObject;
  handlers: Record<string, Handler>;
  /**
   * Checks the bearer of operations that require one, before anything else is validated; throws
   * HttpError (401) to refuse. What it returns is the handlers' `ctx.principal`.
   */
  authenticate?: (token: string, operation: OperationModel) => unknown;
  /**
   * Called before each routed request, before its bearer is checked (the mock moves its
   * clock-driven work and applies its rate limit here); may throw HttpError to answer.
   */
  beforeRequest?: (request: EngineRequest, operation: OperationModel) => void;
  /** Validate every response against the document; a violating response becomes a 500. Default true. */
  validateResponses?: boolean;
  /** Called for each response that breaks the contract (it is never sent as is). */
  onContractViolation?: (violation: ContractViolation) => void;
  /** The handler of operations that have none: by default, the first example of the success response. */
  fallback?: Handler;
  /** Validators compiled ahead of time for this document (ignored if they belong to another). */
  precompiled?: Precompiled;
  /** The model and validator of `document`, when the caller has built them already. */
  model?: ApiModel;
  validator?: ContractValidator;
  /**
   * Also answer each path without the servers' base path (`/databases/…` as well as
   * `/api/databases/…`), for tools that ignore the path of `servers`. Default false.
   */
  pathsAtRoot?: boolean;
}

interface ResponseCheck {
  headers: ParameterValidator | undefined;
  required: string[];
}

export class Engine {
  readonly model: ApiModel;
  readonly validator: ContractValidator;
  readonly violations: ContractViolation[] = [];
  validateResponses: boolean;
  /** The handler of each operationId (a test may replace one). */
  readonly handlers: Record<string, Handler>;
  private readonly compiled = new Map<OperationModel, CompiledOperation>();
  private readonly integers = new Map<OperationModel, IntegerParameter[]>();
  private readonly responseChecks = new Map<ResponseModel, ResponseCheck>();
  private readonly successes = new Map<OperationModel, Success | undefined>();

  constructor(private readonly options: EngineOptions) {
    this.model = options.model ?? buildApiModel(options.document);
    this.validator = options.validator ?? new ContractValidator(options.document, options.precompiled);
    this.validateResponses = options.validateResponses ?? true;
    this.handlers = { ...options.handlers };
    // Compile everything at start: no request pays for a first compilation.
    for (const operation of this.model.operations) {
      this.compiled.set(operation, compileOperation(this.validator, operation));
      this.integers.set(operation, integerParameters(options.document, operation));
      this.successes.set(operation, successOf(options.document, operation));
      if (this.validateResponses) this.warmResponses(operation);
    }
  }

  private warmResponses(operation: OperationModel): void {
    for (const response of operation.responses) {
      this.responseCheck(response);
      for (const media of response.content)
        if (media.schemaPointer) this.validator.schemaAt(media.schemaPointer);
    }
  }

  private responseCheck(response: ResponseModel): ResponseCheck {
    let check = this.responseChecks.get(response);
    if (!check) {
      check = {
        headers: responseHeadersValidator(this.validator, response),
        required: response.headers.filter((h) => h.required).map((h) => h.name),
      };
      this.responseChecks.set(response, check);
    }
    return check;
  }

  /**
   * The prefix a request's path starts with: the servers' base path, or '' when the mock also
   * serves paths at the root and the request used no prefix (links it returns keep that
   * choice); null when the path is outside the API.
   */
  private basePathOf(url: URL): string | null {
    const basePath = this.model.basePath;
    if (!basePath || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) return basePath;
    return this.options.pathsAtRoot ? '' : null;
  }

  handle(request: EngineRequest): EngineResponse {
    const url = new URL(request.url, request.origin);
    const basePath = this.basePathOf(url);
    if (basePath === null) {
      return notFound(`no route for ${url.pathname}: paths start with ${this.model.basePath}`);
    }
    const pathname = url.pathname.slice(basePath.length) || '/';
    // HEAD answers what GET would, without the body (the transport leaves it out).
    const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method;
    const match = this.model.router.match(method, pathname);
    if (match.kind === 'not-found') return notFound(`no operation at ${pathname}`);
    if (match.kind === 'method-not-allowed') {
      const allowed = match.allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
      return {
        status: 405,
        headers: { allow: allowed.join(', ') },
        json: {
          error: `method ${request.method.toUpperCase()} is not allowed here; use ${allowed.join(', ')}`,
        },
      };
    }
    const { operation } = match;
    const unsupported = refuseBodyType(request.body, request.headers['content-type']);
    if (unsupported) return { ...unsupported, operationId: operation.operationId };
    let response: EngineResponse;
    try {
      this.options.beforeRequest?.(request, operation);
      response = this.run(operation, match.params, url, request);
    } catch (error) {
      response = this.errorResponse(operation, error);
    }
    response.operationId = operation.operationId;
    if (this.validateResponses) return this.checkResponse(operation, request, response);
    return response;
  }

  /** A response of a declared error status for an operation (used by fault injection too). */
  respond(operation: OperationModel, request: EngineRequest, result: HandlerResult): EngineResponse {
    const response = toResponse(result);
    response.operationId = operation.operationId;
    return this.validateResponses ? this.checkResponse(operation, request, response) : response;
  }

  private run(
    operation: OperationModel,
    rawParams: Record<string, string>,
    url: URL,
    request: EngineRequest,
  ): EngineResponse {
    const compiled = this.compiled.get(operation) as CompiledOperation;
    let token: string | undefined;
    let principal: unknown;
    if (operation.requiresAuth) {
      const authorization = request.headers.authorization ?? '';
      const bearer = /^Bearer\s+(.*)$/i.exec(authorization.trim());
      token = bearer?.[1]?.trim();
      if (!token) {
        const problem =
          authorization.trim() === '' ? 'missing bearer token' : 'empty or malformed bearer token';
        throw new HttpError(401, { error: `${problem}: send Authorization: Bearer <database token>` });
      }
      principal = this.options.authenticate?.(token, operation);
    }

    const params: Record<string, unknown> = { ...rawParams };
    const integers = this.integers.get(operation) ?? [];
    const pathProblems = integerProblems(integers, 'path', params) ?? compiled.path?.(params);
    if (pathProblems) {
      const status = firstDeclared(operation, [400, 404, 422]);
      if (status === 404) {
        const [name] = Object.keys(pathProblems);
        throw new HttpError(404, { resource: name, error: `not found: ${describe(pathProblems)}` });
      }
      throw this.parameterError(operation, pathProblems, 'path parameter');
    }

    const query: Record<string, unknown> = {};
    for (const key of new Set(url.searchParams.keys())) {
      query[key] = compiled.arrayQueryParams.has(key)
        ? url.searchParams.getAll(key)
        : url.searchParams.get(key);
    }
    // Integers written otherwise than in decimal digits, or out of bounds: 422 naming them.
    const integerQueryProblems = integerProblems(integers, 'query', query);
    if (integerQueryProblems) {
      throw declaresStatus(operation, 422)
        ? new FieldError(integerQueryProblems)
        : this.parameterError(operation, integerQueryProblems, 'query parameter');
    }
    const queryProblems = compiled.query?.(query);
    if (queryProblems) throw this.parameterError(operation, queryProblems, 'query parameter');

    const headers: Record<string, unknown> = { ...request.headers };
    const headerProblems = integerProblems(integers, 'header', headers) ?? compiled.header?.(headers);
    if (headerProblems) throw this.parameterError(operation, headerProblems, 'header');

    let body: unknown;
    const text = request.body ?? '';
    if (operation.requestBody) {
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw new HttpError(400, {
            error: `the request body is not valid JSON: ${(error as Error).message}`,
            code: 'invalid_json',
          });
        }
      }
      if (compiled.body && (body !== undefined || operation.requestBody.required)) {
        // An absent required body is checked as `{}` so that the missing root key gets named.
        const candidate = body === undefined ? {} : body;
        if (!compiled.body(candidate)) {
          const rootKey = compiled.bodyRootKey;
          throw new FieldError(
            fieldErrors(compiled.body.errors, (segments) =>
              rootKey && segments[0] === rootKey && segments.length > 1
                ? segments.slice(1).join('.')
                : segments.join('.'),
            ),
          );
        }
        body = candidate;
      }
      // The handler gets the resource: the body without its root key (a body the spec also
      // accepts unwrapped, like the Go client's firewall rule, is passed as it is).
      const rootKey = compiled.bodyRootKey;
      if (rootKey && body !== null && typeof body === 'object' && Object.hasOwn(body, rootKey))
        body = (body as JsonObject)[rootKey];
    }

    const origin = request.origin.replace(/\/+$/, '');
    const ctx: HandlerContext = {
      operation,
      params,
      query,
      headers,
      body,
      token,
      baseUrl: request.publicBaseUrl ?? `${origin}${this.model.basePath}`,
      principal,
    };
    const handler = this.handlers[operation.operationId] ?? this.options.fallback ?? exampleHandler;
    return answerOf(operation, this.successes.get(operation), handler(ctx));
  }

  private parameterError(operation: OperationModel, problems: FieldErrors, what: string): Error {
    if (declaresStatus(operation, 400) || !declaresStatus(operation, 422)) {
      return new HttpError(400, {
        error: `invalid ${what} ${describe(problems)}`,
        code: 'invalid_parameter',
      });
    }
    return new FieldError(problems);
  }

  private errorResponse(operation: OperationModel, error: unknown): EngineResponse {
    if (error instanceof HttpError)
      return { status: error.status, headers: { ...error.headers }, json: error.body };
    if (error instanceof FieldError) {
      if (declaresStatus(operation, 422) || !declaresStatus(operation, 400)) {
        return { status: 422, headers: {}, json: { errors: error.fields } };
      }
      return {
        status: 400,
        headers: {},
        json: { error: `invalid request body: ${error.message}`, code: 'invalid_parameter' },
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, headers: {}, json: { error: `the mock failed: ${message}` } };
  }

  private checkResponse(
    operation: OperationModel,
    request: EngineRequest,
    response: EngineResponse,
  ): EngineResponse {
    const problem = this.contractProblem(operation, response);
    if (!problem) return response;
    const violation: ContractViolation = {
      operationId: operation.operationId,
      method: request.method.toUpperCase(),
      url: request.url,
      status: response.status,
      problem,
    };
    this.violations.push(violation);
    this.options.onContractViolation?.(violation);
    return {
      status: 500,
      headers: {},
      json: {
        error: `the mock's ${response.status} response to ${operation.operationId} breaks the contract: ${problem}`,
      },
      operationId: operation.operationId,
    };
  }

  /** Why a response does not follow the document, or undefined when it does. */
  contractProblem(operation: OperationModel, response: EngineResponse): string | undefined {
    const declared = findResponse(operation, response.status);
    if (!declared) return `status ${response.status} is not declared`;
    const check = this.responseCheck(declared);
    const headerValues: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(response.headers)) headerValues[name.toLowerCase()] = value;
    const headerProblems = check.headers?.(headerValues);
    if (headerProblems) return `headers: ${describe(headerProblems)}`;
    const hasBody = response.json !== undefined || response.text !== undefined;
    if (!hasBody) {
      return declared.content.length > 0
        ? `a body is declared (${declared.content[0]?.mediaType}) but none is sent`
        : undefined;
    }
    const contentType =
      (response.text !== undefined ? response.headers['content-type'] : 'application/json') ?? '';
    const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const media = declared.content.find((m) => m.mediaType.toLowerCase() === base);
    if (!media) {
      return `content type ${base || '(none)'} is not declared (declared: ${
        declared.content.map((m) => m.mediaType).join(', ') || 'no body'
      })`;
    }
    if (!media.schemaPointer) return undefined;
    const validate = this.validator.schemaAt(media.schemaPointer);
    const value = response.json !== undefined ? response.json : response.text;
    if (validate(value)) return undefined;
    return `body: ${describe(fieldErrors(validate.errors, (segments) => segments.join('.') || '(root)'))}`;
  }
}

function notFound(error: string): EngineResponse {
  return { status: 404, headers: {}, json: { error } };
}

function firstDeclared(operation: OperationModel, statuses: number[]): number {
  return statuses.find((s) => declaresStatus(operation, s)) ?? (statuses[0] as number);
}

export function describe(problems: FieldErrors): string {
  return Object.entries(problems)
    .map(([field, messages]) => `${field} ${messages.join(', ')}`)
    .join('; ');
}
