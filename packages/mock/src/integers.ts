// Integer parameters arrive as text. The mock reads one only when it is written in plain decimal
// digits (no `0x10`, `1e3`, `1.0` or surrounding spaces, which a number coercion would accept)
// and lies within the bounds its schema states, so that no request makes the mock count to a
// number it did not mean to allow. Every other check stays with the schema validators.
import type { JsonObject, OperationModel, ParameterModel } from './openapi.js';
import { type FieldErrors, resolveSchema } from './validation.js';

export interface IntegerParameter {
  name: string;
  in: ParameterModel['in'];
  minimum: number | undefined;
  maximum: number | undefined;
}

const DECIMAL = /^-?[0-9]+$/;

function isInteger(schema: JsonObject | undefined): boolean {
  const type = schema?.type;
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
}

const bound = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** The integer parameters of an operation, with their bounds. */
export function integerParameters(document: JsonObject, operation: OperationModel): IntegerParameter[] {
  const out: IntegerParameter[] = [];
  for (const p of operation.parameters) {
    const schema = p.schemaPointer ? resolveSchema(document, p.schemaPointer) : undefined;
    if (!isInteger(schema)) continue;
    out.push({
      name: p.in === 'header' ? p.name.toLowerCase() : p.name,
      in: p.in,
      minimum: bound(schema?.minimum),
      maximum: bound(schema?.maximum),
    });
  }
  return out;
}

function problemOf(text: string, p: IntegerParameter): string | undefined {
  if (!DECIMAL.test(text)) return 'must be a whole number written in decimal digits';
  const value = Number(text);
  if (p.maximum !== undefined && value > p.maximum) return `must be at most ${p.maximum}`;
  if (p.minimum !== undefined && value < p.minimum) return `must be at least ${p.minimum}`;
  return undefined;
}

/** The problems of the integer parameters of one location, by name; undefined when none. */
export function integerProblems(
  parameters: IntegerParameter[],
  location: ParameterModel['in'],
  values: Record<string, unknown>,
): FieldErrors | undefined {
  let problems: FieldErrors | undefined;
  for (const p of parameters) {
    if (p.in !== location) continue;
    const value = values[p.name];
    for (const text of Array.isArray(value) ? value : [value]) {
      const problem = typeof text === 'string' ? problemOf(text, p) : undefined;
      if (problem) {
        problems ??= {};
        problems[p.name] = [problem];
      }
    }
  }
  return problems;
}
