// What every transport (the Node server, the MSW handlers) does around the engine: find the
// operation a request is for (to match fault rules) and answer the injected faults.
import type { Engine, EngineRequest, EngineResponse } from './engine.js';
import type { OperationModel } from './openapi.js';

/** Resolves the operation of a request (for fault matching) without running it. */
export function operationOf(engine: Engine, method: string, pathname: string): OperationModel | undefined {
  const base = engine.model.basePath;
  if (base && !pathname.startsWith(base)) return undefined;
  const routed = method.toUpperCase() === 'HEAD' ? 'GET' : method;
  const match = engine.model.router.match(routed, pathname.slice(base.length) || '/');
  return match.kind === 'operation' ? match.operation : undefined;
}

/** The answer of a fault that replaces the operation's own answer (validated like any other). */
export function faultResponse(
  engine: Engine,
  operation: OperationModel | undefined,
  request: EngineRequest,
  outcome:
    | { kind: 'rate-limit'; retryAfter: string; plainText: boolean }
    | { kind: 'server-error' }
    | { kind: 'unavailable' },
): EngineResponse {
  const result =
    outcome.kind === 'rate-limit'
      ? outcome.plainText
        ? {
            status: 429,
            text: 'Retry later',
            contentType: 'text/plain',
            headers: { 'retry-after': outcome.retryAfter },
          }
        : {
            status: 429,
            json: { error: 'rate limit exceeded (injected by the mock)', code: 'rate_limit_exceeded' },
            headers: { 'retry-after': outcome.retryAfter },
          }
      : outcome.kind === 'server-error'
        ? { status: 500, json: { error: 'internal server error (injected by the mock)' } }
        : { status: 503, json: { error: 'service unavailable (injected by the mock), retry later' } };
  if (operation) return engine.respond(operation, request, result);
  return {
    status: result.status,
    headers: { ...result.headers, ...(result.text ? { 'content-type': 'text/plain' } : {}) },
    json: result.json,
    text: result.text,
  };
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
