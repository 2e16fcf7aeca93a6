import { describe, expect, it } from 'vitest';
import { escapePointer } from '../model/document.js';
import { checkExamples, describeFailure } from './support/examples.js';
import { operationFiles, operationsOf, readBundle } from './support/spec.js';

describe('every example of the bundle', () => {
  const doc = readBundle();
  const report = checkExamples(doc);

  it('validates against its schema (Ajv, JSON Schema 2020-12)', () => {
    const files = operationFiles();
    expect(report.failures.map((failure) => describeFailure(failure, files))).toEqual([]);
  });

  it('covers the 2xx bodies and request bodies of every operation', () => {
    const uncovered: string[] = [];
    for (const { method, path, operation } of operationsOf(doc)) {
      const prefix = `#/paths/${escapePointer(path)}/${method}`;
      const checked = report.checked.filter(({ pointer }) => pointer.startsWith(`${prefix}/`));
      const successWithBody = Object.entries(operation.responses ?? {}).some(
        ([status, response]) =>
          status.startsWith('2') && (response as { content?: unknown }).content !== undefined,
      );
      if (successWithBody && !checked.some(({ pointer }) => pointer.startsWith(`${prefix}/responses/2`))) {
        uncovered.push(`${operation.operationId}: no 2xx example was checked`);
      }
    }
    expect(uncovered).toEqual([]);
    expect(report.checked.length).toBeGreaterThan(100);
  });
});

describe('the example checker', () => {
  const tiny = {
    openapi: '3.1.0',
    paths: {
      '/things/{thing_id}': {
        get: {
          parameters: [
            { name: 'thing_id', in: 'path', schema: { type: 'string', pattern: '^t-' }, example: 'x-1' },
          ],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/ThingEnvelope' },
                  examples: {
                    good: { value: { thing: { id: 't-1' } } },
                    bad: { $ref: '#/components/examples/Bad' },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      examples: { Bad: { value: { thing: { id: 7 } } } },
      schemas: {
        ThingEnvelope: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } },
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string', examples: ['t-2', 42] },
            size: { type: 'integer', format: 'int64' },
          },
        },
      },
    },
  };

  it('reports a media-type, a parameter and a schema example that violate their schema, by JSON pointer', () => {
    const { failures, checked } = checkExamples(tiny);
    expect(checked).toHaveLength(5);
    expect(
      failures.map(({ pointer, valuePointer, schemaPointer }) => ({ pointer, valuePointer, schemaPointer })),
    ).toEqual([
      {
        pointer: '#/paths/~1things~1{thing_id}/get/parameters/0/example',
        valuePointer: '#/paths/~1things~1{thing_id}/get/parameters/0/example',
        schemaPointer: '#/paths/~1things~1{thing_id}/get/parameters/0/schema',
      },
      {
        pointer: '#/paths/~1things~1{thing_id}/get/responses/200/content/application~1json/examples/bad',
        valuePointer: '#/components/examples/Bad/value',
        schemaPointer: '#/components/schemas/ThingEnvelope',
      },
      {
        pointer: '#/components/schemas/Thing/properties/id/examples/1',
        valuePointer: '#/components/schemas/Thing/properties/id/examples/1',
        schemaPointer: '#/components/schemas/Thing/properties/id',
      },
    ]);
  });

  it('names the source file of a failing example and what is wrong with it', () => {
    const { failures } = checkExamples(tiny);
    const files = new Map([['get /things/{thing_id}', 'paths/things/getThing.yaml']]);
    expect(failures.map((failure) => describeFailure(failure, files))).toEqual([
      expect.stringMatching(
        /^paths\/things\/getThing\.yaml: example .*parameters\/0\/example .*must match pattern "\^t-"/,
      ),
      expect.stringMatching(/^components\/examples\/Bad\.yaml: .*\/thing\/id must be string/),
      expect.stringMatching(/^components\/schemas\/Thing\.yaml: .*examples\/1 .*must be string/),
    ]);
  });

  it('rejects a schema keyword it does not know, such as a typo', () => {
    const typo = structuredClone(tiny);
    (typo.components.schemas.Thing as Record<string, unknown>).minProperites = 1;
    const { failures } = checkExamples(typo);
    expect(
      failures.some(({ errors }) =>
        errors.some((error) => error.includes('unknown keyword: "minProperites"')),
      ),
    ).toBe(true);
  });
});
