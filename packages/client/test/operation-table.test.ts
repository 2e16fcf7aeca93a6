import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is plain JavaScript
import { encodeOperation, LINE_FIELDS, loadBundle, operationTable } from '../scripts/generate.mjs';
import { decodeOperations } from '../src/internal/operation-table.js';

// The run-time table's lines: the generator's LINE_FIELDS is the only statement of their fields
// and order; the decoder reads each field by the name the generated table passes it.
const table = operationTable(loadBundle()) as Record<string, object>;
const order = Object.keys(LINE_FIELDS) as string[];
const encodeAll = (fields: string[]) =>
  Object.fromEntries(Object.entries(table).map(([id, op]) => [id, encodeOperation(op, fields) as string]));

describe('operation table lines', () => {
  it('decode to the table derived from the spec, in the order the generator writes', () => {
    expect(decodeOperations(order.join(' '), encodeAll(order))).toEqual(table);
  });

  it('decode the same in any order of the fields: the decoder assumes none', () => {
    const reversed = [...order].reverse();
    const rotated = [...order.slice(3), ...order.slice(0, 3)];
    for (const fields of [reversed, rotated]) {
      expect(encodeAll(fields).getDatabase).not.toBe(encodeAll(order).getDatabase);
      expect(decodeOperations(fields.join(' '), encodeAll(fields))).toEqual(table);
    }
  });

  it('are refused when the generator and the decoder disagree on the fields, naming them', () => {
    const lines = encodeAll(order);
    const renamed = order.map((name) => (name === 'auth' ? 'security' : name)).join(' ');
    expect(() => decodeOperations(renamed, lines)).toThrow(
      /^decodeOperations: getDatabase does not match the fields "method path body bodyRoot response responseRoot security pagination"$/,
    );
    const without = order.filter((name) => name !== 'auth').join(' ');
    expect(() => decodeOperations(without, lines)).toThrow(/getDatabase does not match the fields/);
    expect(() => decodeOperations(`${order.join(' ')} status`, lines)).toThrow(/ status"$/);
    expect(() => decodeOperations(order.join(' '), { getPlan: 'GET /plans/{plan_id} - -' })).toThrow(
      /^decodeOperations: getPlan does not match the fields/,
    );
  });
});
