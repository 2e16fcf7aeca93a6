import { describe, expect, it } from 'vitest';
import { Engine, exampleHandler, Reply } from '../../src/engine.js';
import { lamp, req, tinyHandlers, tinySpec } from './fixture.js';

function engineWith(broken: Parameters<typeof tinyHandlers>[0], validateResponses = true) {
  const violations: string[] = [];
  const engine = new Engine({
    document: tinySpec(),
    handlers: tinyHandlers(broken),
    validateResponses,
    onContractViolation: (v) => violations.push(`${v.operationId}: ${v.problem}`),
  });
  return { engine, violations };
}

describe('response validation', () => {
  it('turns a body that breaks the schema into a 500 and records the violation', () => {
    const { engine, violations } = engineWith({
      getThing: () => new Reply({ status: 200, json: { thing: { ...lamp, kind: 'weird' } } }),
    });
    const res = engine.handle(req('GET', '/api/things/t-1'));
    expect(res.status).toBe(500);
    expect((res.json as { error: string }).error).toContain('breaks the contract');
    expect(violations).toEqual([
      expect.stringMatching(/^getThing: body: thing\.kind must be one of: plain, fancy/),
    ]);
    expect(engine.violations).toHaveLength(1);
  });

  it('flags a status the operation does not declare', () => {
    const { engine, violations } = engineWith({
      getThing: () => new Reply({ status: 418, json: { error: 'teapot' } }),
    });
    expect(engine.handle(req('GET', '/api/things/t-1')).status).toBe(500);
    expect(violations[0]).toContain('status 418 is not declared');
  });

  it('flags a required response header that is missing', () => {
    const { engine, violations } = engineWith({
      moveThing: () => new Reply({ status: 202, json: { message: 'x' } }),
    });
    expect(engine.handle(req('POST', '/api/things/t-1/move')).status).toBe(500);
    expect(violations[0]).toContain('location is required');
  });

  it('accepts a declared header and checks its format', () => {
    const ok = engineWith({});
    const res = ok.engine.handle(req('POST', '/api/things/t-1/move'));
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe('http://127.0.0.1:4010/api/things/t-1');
    const bad = engineWith({
      moveThing: () => new Reply({ status: 202, headers: { location: 'not a uri' }, json: { message: 'x' } }),
    });
    bad.engine.handle(req('POST', '/api/things/t-1/move'));
    expect(bad.violations[0]).toContain('location must match format "uri"');
  });

  it('flags a body sent where none is declared, and none sent where one is', () => {
    const extra = engineWith({ deleteThing: () => new Reply({ status: 204, json: {} }) });
    extra.engine.handle(req('DELETE', '/api/things/t-1'));
    expect(extra.violations[0]).toContain('content type application/json is not declared');
    const missing = engineWith({ getThing: () => new Reply({ status: 200 }) });
    missing.engine.handle(req('GET', '/api/things/t-1'));
    expect(missing.violations[0]).toContain('a body is declared');
  });

  it('validates the error answers the engine makes itself', () => {
    const { engine, violations } = engineWith({});
    engine.handle(req('GET', '/api/things/t-9', { token: null }));
    engine.handle(req('POST', '/api/things', { body: '{' }));
    expect(violations).toEqual([]);
  });

  it('sends the handler answer untouched when response validation is off', () => {
    const { engine, violations } = engineWith(
      { getThing: () => new Reply({ status: 418, json: { odd: true } }) },
      false,
    );
    const res = engine.handle(req('GET', '/api/things/t-1'));
    expect(res.status).toBe(418);
    expect(violations).toEqual([]);
  });

  it('answers operations without a handler with the example of their success response', () => {
    const engine = new Engine({ document: tinySpec(), handlers: {}, fallback: exampleHandler });
    const res = engine.handle(req('GET', '/api/things/t-1'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ thing: lamp });
  });

  it('refuses a document that is not OpenAPI 3.1', () => {
    expect(() => new Engine({ document: { openapi: '3.0.3', paths: {} }, handlers: {} })).toThrow(
      /OpenAPI 3\.1/,
    );
  });
});
