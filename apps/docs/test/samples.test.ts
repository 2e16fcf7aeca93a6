import { describe, expect, it } from 'vitest';
import { decorate } from '../scripts/lib/decorate.mjs';
import { buildSamples, camelCase, facadePayload, toTsLiteral } from '../scripts/lib/samples.mjs';
import { listOperations, listRegions } from '../scripts/lib/spec.mjs';
import { bundle, clientFacade, readText, requireDist, typecheckSnippets } from './support.js';

interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

async function decoratedOperations() {
  const doc = decorate(bundle(), await clientFacade());
  return listOperations(doc).map((op) => ({
    id: op.operation.operationId as string,
    operation: op.operation,
    samples: op.operation['x-codeSamples'] as CodeSample[],
  }));
}

describe('code samples', () => {
  it('gives every operation of the bundle a curl and a TypeScript sample', async () => {
    const ops = await decoratedOperations();
    const [first] = listRegions(bundle());
    const { facadeMethods } = await clientFacade();
    expect(ops.length).toBeGreaterThan(0);
    for (const { id, operation, samples } of ops) {
      expect(
        samples.map((s) => s.label),
        id,
      ).toEqual(expect.arrayContaining(['curl', 'TypeScript']));
      const curl = samples.find((s) => s.label === 'curl')?.source ?? '';
      const ts = samples.find((s) => s.label === 'TypeScript')?.source ?? '';
      expect(curl, id).toContain(`'${first?.url}/`);
      const open = Array.isArray(operation.security) && operation.security.length === 0;
      if (!open) expect(curl, id).toContain('Authorization: Bearer $DB_API_TOKEN');
      expect(ts, id).toContain(`region: '${first?.region}'`);
      expect(ts, id).toContain(`await client.${facadeMethods[id]}(`);
    }
  });

  it('type-checks the TypeScript sample of every operation against the built client', async () => {
    const ops = await decoratedOperations();
    const snippets = Object.fromEntries(
      ops.map(({ id, samples }) => [id, samples.find((s) => s.label === 'TypeScript')?.source ?? '']),
    );
    const result = typecheckSnippets(snippets);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('fails the type check of a sample that does not match the client', async () => {
    const ops = await decoratedOperations();
    const create = ops.find((op) => op.id === 'createDatabaseUser');
    const source = create?.samples.find((s) => s.label === 'TypeScript')?.source ?? '';
    expect(source).toContain('client.users.create(');
    const result = typecheckSnippets({
      wrongMethod: source.replace('client.users.create(', 'client.users.createUser('),
      wrongBody: source.replace(/read_only: (true|false)/, 'read_only: 42'),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/wrongMethod\.ts.*createUser/);
    expect(result.output).toMatch(/wrongBody\.ts/);
  }, 120_000);

  it('ships the generated samples in the built reference page', async () => {
    const html = readText(`${requireDist()}/reference.html`);
    for (const { id, samples } of await decoratedOperations()) {
      for (const sample of samples.filter((s) => s.label === 'curl' || s.label === 'TypeScript')) {
        expect(html.includes(JSON.stringify(sample.source)), `${id} ${sample.label}`).toBe(true);
      }
    }
  });
});

describe('sample generation', () => {
  const doc = {
    openapi: '3.1.0',
    servers: [{ url: 'https://db-api.example.test/api', 'x-scalingo-region': 'test-1' }],
    paths: {},
    components: {
      parameters: {
        Db: { name: 'database_id', in: 'path', required: true, schema: { type: 'string' }, example: 'ad-1' },
      },
    },
  };

  it('puts path examples, query examples and the body example into both samples', () => {
    const op = {
      path: '/databases/{database_id}/users/{user_name}',
      method: 'post',
      operation: {
        operationId: 'createThing',
        requestBody: {
          required: true,
          content: { 'application/json': { example: { thing: { name: "o'brien", size: 2 } } } },
        },
      },
      parameters: [
        { name: 'database_id', in: 'path', required: true, example: 'ad-1' },
        { name: 'user_name', in: 'path', required: true, schema: { type: 'string', example: 'bob' } },
        { name: 'page', in: 'query', example: 2 },
        { name: 'unused', in: 'query', schema: { type: 'string' } },
      ],
    };
    const { curl, typescript } = buildSamples(doc, op, {
      baseUrl: 'https://db-api.example.test/api',
      region: 'test-1',
      facadeMethod: 'things.create',
      body: 'json',
      bodyRoot: 'thing',
    });
    expect(curl).toContain(`curl -X POST 'https://db-api.example.test/api/databases/ad-1/users/bob?page=2'`);
    expect(curl).toContain(`-d '{\n  "thing": {\n    "name": "o'\\''brien",`);
    expect(curl).not.toContain('unused');
    expect(typescript).toContain("const databaseId = 'ad-1';\nconst userName = 'bob';");
    expect(typescript).toContain(
      "await client.things.create(databaseId, userName, { name: 'o\\'brien', size: 2 }, { query: { page: 2 } });",
    );
  });

  it('leaves the body out of the TypeScript call when the client sends it itself', () => {
    const op = {
      path: '/databases/{database_id}/ping',
      method: 'post',
      operation: { operationId: 'ping', requestBody: { content: { 'application/json': { example: {} } } } },
      parameters: [{ name: 'database_id', in: 'path', required: true, example: 'ad-1' }],
    };
    const target = {
      baseUrl: 'https://h/api',
      region: 'r',
      facadeMethod: 'db.ping',
      body: 'empty',
      bodyRoot: null,
    };
    const { curl, typescript } = buildSamples(doc, op, target as Parameters<typeof buildSamples>[2]);
    expect(curl).toContain("-d '{}'");
    expect(typescript).toContain('await client.db.ping(databaseId);');
  });

  it('names the operation when its request example lacks the root key the client expects', () => {
    expect(() => facadePayload('createThing', { other: {} }, 'thing')).toThrow(
      'the request example of createThing has no root key "thing"',
    );
  });

  it('writes TypeScript literals in the project style', () => {
    expect(toTsLiteral({ a: 1, 'b-c': [true, null], d: "it's" })).toBe(
      `{ a: 1, 'b-c': [true, null], d: 'it\\'s' }`,
    );
    expect(camelCase('database_id')).toBe('databaseId');
  });
});
