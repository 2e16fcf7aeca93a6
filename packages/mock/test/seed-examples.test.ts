// The default seed is built from the spec's examples: one that goes missing is an error that
// names the operation, never an empty mock.
import { describe, expect, it } from 'vitest';
import { bundledSpec } from '../src/bundled.js';
import { buildApiModel, type JsonObject } from '../src/openapi.js';
import { defaultSeed, examplesOf } from '../src/seed.js';

/** The bundle with the success examples of one operation removed. */
function withoutExamples(operationId: string): JsonObject {
  const spec = structuredClone(bundledSpec) as JsonObject;
  const operation = buildApiModel(spec).byId.get(operationId);
  for (const response of operation?.responses ?? []) {
    if (!response.key.startsWith('2')) continue;
    const target = operation?.raw.responses as Record<string, { content?: Record<string, JsonObject> }>;
    for (const media of Object.values(target[response.key]?.content ?? {})) {
      delete media.example;
      delete media.examples;
    }
  }
  return spec;
}

describe('the examples the default seed is built from', () => {
  it('are an error naming the operation when one has none', () => {
    const model = buildApiModel(withoutExamples('listBackups'));
    expect(() => defaultSeed(model)).toThrow(/no example of the success answer of listBackups/);
  });

  it('are an error naming an operation the spec does not define', () => {
    expect(() => examplesOf(buildApiModel(bundledSpec as JsonObject), 'listWidgets')).toThrow(
      /examples of listWidgets, which the spec does not define/,
    );
  });
});
