/** Which way a schema is read: what clients send, or what they read. */
export type Direction = 'request' | 'response';

/** Where a comparison stands; every change found there is reported with it. */
export interface Cursor {
  /** `GET /databases/{database_id}`, or null for what belongs to the whole document. */
  readonly operation: string | null;
  readonly operationId: string | null;
  /** Where inside the operation: `response 200`, `query parameter page`, … */
  readonly where: string;
}

/** Inside a schema: its direction, the place it hangs from and the path below that place. */
export interface SchemaCursor extends Cursor {
  readonly dir: Direction;
  /** The place the schema hangs from (`response 200`); `where` is it followed by `path`. */
  readonly prefix: string;
  /** Property names, `[]` for items, `*` for additional properties, `<key>` for a branch. */
  readonly path: readonly string[];
  /** The pairs of `$ref`s compared along this branch, which keeps recursive schemas finite. */
  readonly stack: readonly string[];
}

/** The whole document: servers, info, security schemes. */
export const DOCUMENT: Cursor = { operation: null, operationId: null, where: '' };

/** Another place of the same operation. */
export const moveTo = (cursor: Cursor, where: string): Cursor => ({
  operation: cursor.operation,
  operationId: cursor.operationId,
  where,
});

/** The top of a schema that hangs from the cursor's place, read in one direction. */
export const schemaAt = (cursor: Cursor, dir: Direction): SchemaCursor => ({
  ...moveTo(cursor, cursor.where),
  dir,
  prefix: cursor.where,
  path: [],
  stack: [],
});

/** One step down a schema. */
export function below(cursor: SchemaCursor, step: string): SchemaCursor {
  const path = [...cursor.path, step];
  return { ...cursor, path, where: label(cursor.prefix, path) };
}

/** `response 200 › database.instances[].hostname`: the prefix, then the path. */
function label(prefix: string, path: string[]): string {
  return path.length
    ? `${prefix} › ${path
        .join('.')
        .replace(/\.\[\]/g, '[]')
        .replace(/\.</g, ' <')}`
    : prefix;
}
