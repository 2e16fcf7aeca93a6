import type { OpenApiDocument } from './load.js';
import type { DiffResult } from './walker/walk.js';
import { Walker } from './walker/walker.js';

export type { Change, DiffResult } from './walker/walk.js';

/**
 * Compares two bundled OpenAPI 3.x documents and classifies every difference: the walker
 * (`walker/`) goes through both side by side, the checkers (`checkers/`, one per concern) fire
 * the rules they declare, and what none of them compares is reported by the catch-all.
 */
export function diffSpecs(base: OpenApiDocument, head: OpenApiDocument): DiffResult {
  return new Walker(base, head).run();
}
