// The facade part of src/generated/operations.ts (written by generate.mjs, after the
// OperationId type): the facade's names, from each operation's `x-scalingo-facade`.
import { facadeTable } from '@scalingo-db-api/openapi/model';

const lit = (value) => JSON.stringify(value).replace(/"/g, "'");

/**
 * The facade's names as TypeScript: `facade` (`client.<group>.<method>` → operationId) and its
 * inverse `facadeMethods`, both from each operation's `x-scalingo-facade` (the model's
 * `facadeTable`, which refuses a missing, repeated or misplaced name). `satisfies` makes an
 * operation without a facade method a compile error as well.
 * @param {any} doc @returns {string[]}
 */
export function facadeLines(doc) {
  const table = facadeTable(doc);
  const lines = ['/**'];
  lines.push(' * The facade: `client.<group>.<method>(…)` calls the operation named here (its');
  lines.push(' * `x-scalingo-facade` in the spec). Every operationId appears exactly once.');
  lines.push(' */');
  lines.push('export const facade = {');
  for (const [group, methods] of Object.entries(table)) {
    lines.push(`  ${group}: {`);
    for (const [method, id] of Object.entries(methods)) lines.push(`    ${method}: ${lit(id)},`);
    lines.push('  },');
  }
  lines.push('} as const satisfies Record<string, Record<string, OperationId>>;');
  lines.push('');
  lines.push("/** The facade method of every operation, e.g. `{ getDatabase: 'databases.get', … }`. */");
  lines.push('export const facadeMethods = {');
  for (const [group, methods] of Object.entries(table)) {
    for (const [method, id] of Object.entries(methods)) lines.push(`  ${id}: ${lit(`${group}.${method}`)},`);
  }
  lines.push('} as const satisfies Record<OperationId, string>;');
  lines.push('');
  return lines;
}
