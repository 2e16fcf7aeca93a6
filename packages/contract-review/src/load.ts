import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import { standardise } from '@scalingo-db-api/openapi/standard-forms';

/**
 * An OpenAPI document after bundling: every external file inlined, internal `$ref`s kept, and
 * written in the standard forms of the published bundle (open enumerations, `const`s).
 */
export type OpenApiDocument = Record<string, unknown>;

export class SpecLoadError extends Error {
  override name = 'SpecLoadError';
}

/**
 * Bundles the OpenAPI document rooted at `file` with Redocly's core library, without any lint
 * rule, decorator or plugin (a plain resolve of `$ref`s), so that the result only depends on the
 * YAML files. Internal references (`#/components/...`) stay references: the diff resolves them
 * itself, which keeps recursive schemas finite.
 *
 * Fails with a SpecLoadError that names the file and every reference that does not resolve.
 */
export async function loadSpec(file: string, label = file): Promise<OpenApiDocument> {
  const ref = resolve(file);
  if (!existsSync(ref)) throw new SpecLoadError(`${label}: ${ref} does not exist`);
  // No config file: no rules, no decorators, no telemetry; the bundler only resolves references.
  const config = await createConfig({});
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref, config });
  } catch (error) {
    throw new SpecLoadError(`${label}: the spec does not bundle: ${(error as Error).message}`);
  }
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((problem) => {
      const where = problem.location[0];
      const at = where ? ` (${where.source.absoluteRef}${where.pointer ? ` at ${where.pointer}` : ''})` : '';
      return `  - ${problem.message}${at}`;
    });
    throw new SpecLoadError(`${label}: the spec does not bundle:\n${lines.join('\n')}`);
  }
  const parsed = result.bundle.parsed as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SpecLoadError(`${label}: ${ref} is not an OpenAPI document (not a YAML/JSON object)`);
  }
  const doc = parsed as OpenApiDocument;
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
    throw new SpecLoadError(`${label}: ${ref} is not an OpenAPI 3 document (no "openapi: 3.x" field)`);
  }
  return standardise(doc);
}
