import { describe, expect, it } from 'vitest';
import { lamp, req, tinyEngine } from './fixture.js';

describe('routing from the document paths', () => {
  const engine = tinyEngine();

  it('serves operations under the base path of the first server URL', () => {
    const res = engine.handle(req('GET', '/api/things/t-1'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ thing: lamp });
    expect(res.operationId).toBe('getThing');
  });

  it('answers 404 outside the base path and for unknown paths', () => {
    expect(engine.handle(req('GET', '/things/t-1')).status).toBe(404);
    const unknown = engine.handle(req('GET', '/api/nothing/here'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: expect.stringContaining('/nothing/here') });
  });

  it('answers 405 with Allow for a known path and a method it does not have', () => {
    const res = engine.handle(req('PUT', '/api/things/t-1'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, DELETE');
  });

  it('decodes percent-encoded path values before matching the parameter schema', () => {
    expect(engine.handle(req('GET', '/api/things/t%2D1')).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  const engine = tinyEngine();

  it('refuses a missing bearer with 401', () => {
    const res = engine.handle(req('GET', '/api/things/t-1', { token: null }));
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: expect.stringContaining('missing bearer') });
  });

  it('refuses an empty bearer with 401', () => {
    const res = engine.handle(
      req('GET', '/api/things', { token: null, headers: { authorization: 'Bearer  ' } }),
    );
    expect(res.status).toBe(401);
  });

  it('lets operations with an empty security requirement through without a token', () => {
    const res = engine.handle(req('GET', '/api/certificate', { token: null }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('BEGIN CERTIFICATE');
    expect(res.headers['content-type']).toBe('application/x-pem-file');
  });
});

describe('request validation', () => {
  const engine = tinyEngine();

  it('coerces query values to the declared types', () => {
    const res = engine.handle(req('GET', '/api/things?page=2&per_page=10&tag=a&tag=b'));
    expect(res.status).toBe(200);
    expect((res.json as { query: unknown }).query).toEqual({ page: 2, per_page: 10, tag: ['a', 'b'] });
  });

  it('refuses a query value of the wrong type with 400 naming the parameter', () => {
    const res = engine.handle(req('GET', '/api/things?per_page=lots'));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: expect.stringContaining('per_page'), code: 'invalid_parameter' });
  });

  it('refuses a query value out of range with 400 naming the parameter', () => {
    const res = engine.handle(req('GET', '/api/things?per_page=51'));
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(/per_page must be at most 50/);
  });

  it('answers 404 naming the parameter when a path value breaks its schema and 400 is not declared', () => {
    const res = engine.handle(req('GET', '/api/things/nope'));
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ resource: 'thing_id' });
  });

  it('refuses malformed JSON with 400', () => {
    const res = engine.handle(req('POST', '/api/things', { body: '{"thing": ' }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'invalid_json' });
  });

  it('names the missing root key of a required body that is absent', () => {
    const res = engine.handle(req('POST', '/api/things'));
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ errors: { thing: ['is required'] } });
  });

  it('names fields inside a rooted body without the root key', () => {
    const res = engine.handle(req('POST', '/api/things', { body: { thing: { kind: 'plain', name: 'ab' } } }));
    expect(res.status).toBe(422);
    expect(Object.keys((res.json as { errors: object }).errors)).toEqual(['name']);
  });

  it('reports only the problems of the oneOf branch picked by the discriminator', () => {
    const res = engine.handle(
      req('POST', '/api/things', { body: { thing: { kind: 'fancy', name: 'vase' } } }),
    );
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ errors: { size: ['is required'] } });
  });

  it('names the discriminator when its value selects no branch', () => {
    const res = engine.handle(req('POST', '/api/things', { body: { thing: { kind: 'odd', name: 'vase' } } }));
    expect(res.status).toBe(422);
    expect(Object.keys((res.json as { errors: object }).errors)).toEqual(['kind']);
  });

  it('names a field the schema does not accept', () => {
    const res = engine.handle(
      req('POST', '/api/things', { body: { thing: { kind: 'plain', name: 'vase', colour: 'red' } } }),
    );
    expect(res.json).toEqual({ errors: { colour: ['is not an accepted field'] } });
  });

  it('passes a valid body to the handler', () => {
    const res = engine.handle(
      req('POST', '/api/things', { body: { thing: { kind: 'fancy', name: 'vase', size: 3 } } }),
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ thing: { id: 't-2', name: 'vase', size: 3 } });
  });
});
