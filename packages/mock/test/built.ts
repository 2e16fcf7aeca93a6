// The tests that run the built package (the bin, the attack suite's mock process) build it first
// when dist/ is older than src/ or than the spec's bundle, whose validators the build precompiles.
import { join } from 'node:path';
import { buildIfStale } from '../../../scripts/build-if-stale.js';

export const packageRoot = join(import.meta.dirname, '..');

/** Builds the package when its dist/ is stale; returns the built entry. */
export function ensureBuilt(): string {
  return buildIfStale({
    entry: join(packageRoot, 'dist', 'index.js'),
    inputs: [join(packageRoot, 'src'), join(packageRoot, '..', '..', 'spec', 'dist', 'openapi.json')],
    filter: '@scalingo-db-api/mock',
  });
}
