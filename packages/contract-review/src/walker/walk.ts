import type { OpenApiDocument } from '../load.js';
import type { Severity } from '../rule.js';
import type { Bump, RuleId } from '../rules.js';
import type { Cursor, Direction, SchemaCursor } from './cursor.js';
import type { Json } from './json.js';

/** The values a change shows beside its message. */
export interface Extra {
  before?: unknown;
  after?: unknown;
}

/** One operation of a document, found by the walker. */
export interface FoundOperation {
  path: string;
  method: string;
  op: Json;
  item: Json;
}

/** What a media-type comparison reports to the checker of the body or response it belongs to. */
export interface MediaEvents {
  removed(cursor: Cursor, type: string): void;
  added(cursor: Cursor, type: string): void;
}

/**
 * What checkers get from the walker: the two documents, the way to report a change, `$ref`
 * resolution and `allOf` flattening, and the walks that go further down (a schema, a content
 * map, and the catch-all for the keys of an object that no checker compared).
 */
export interface Walk {
  readonly base: OpenApiDocument;
  readonly head: OpenApiDocument;
  emit(rule: RuleId, cursor: Cursor, message: string, extra?: Extra): void;
  /** Follows `$ref`s inside one document; sibling keys of a `$ref` override the target's. */
  resolve(doc: OpenApiDocument, node: unknown): { node: Json; ref: string | null };
  /** Resolves `$ref`s and merges `allOf` members into one schema. */
  flatten(doc: OpenApiDocument, node: unknown): { schema: Json; ref: string | null };
  /** Compares two schemas (either may be absent) with every schema checker. */
  schema(b: unknown, a: unknown, cursor: SchemaCursor): void;
  /** Compares two `content` maps: the schema and the rest of each media type both sides have. */
  content(b: unknown, a: unknown, cursor: Cursor, dir: Direction, on: MediaEvents): void;
  /**
   * Every key of the two objects that `handled` does not name: documentation keys (and
   * `alsoDoc`) are cosmetic, anything else is a keyword the diff does not model.
   */
  rest(b: Json, a: Json, handled: ReadonlySet<string>, cursor: Cursor, alsoDoc?: readonly string[]): void;
}

/** A check of one concern of a schema; the walker runs them in order on every pair of schemas. */
export type SchemaCheck = (walk: Walk, b: Json, a: Json, cursor: SchemaCursor) => void;

/** One difference between two versions of the contract, classified by one rule. */
export interface Change {
  rule: RuleId;
  severity: Severity;
  /** `GET /databases/{database_id}`, or null for what belongs to the whole document (servers, info). */
  operation: string | null;
  operationId: string | null;
  /** Where inside the operation: `response 200 › database.hostname`, `query parameter page`, … */
  where: string;
  message: string;
  before?: unknown;
  after?: unknown;
}

export interface DiffResult {
  changes: Change[];
  counts: Record<Severity, number>;
  /** The semver bump the changes call for: the highest of their severities. */
  bump: Bump;
}
