// Option errors that say what is actually wrong: which option is missing, set twice, or holds
// `undefined` (what `process.env.X` gives when the variable is not set).

/** Why not exactly one of options `a` and `b` is given (`hint` says what to pass), or undefined. */
export function exactlyOneOf(options: object, a: string, b: string, hint: string): string | undefined {
  const o = options as Record<string, unknown>;
  if (o[a] !== undefined && o[b] !== undefined) return `pass either \`${a}\` or \`${b}\`, not both`;
  if (o[a] !== undefined || o[b] !== undefined) return;
  const unset = [a, b].filter((name) => name in o);
  return `${unset.length ? `\`${unset.join('` and `')}\` undefined (an unset environment variable?)` : `neither \`${a}\` nor \`${b}\` given`}: pass ${hint}`;
}

/** `string`, `null`, `an empty string`… for an error message. */
export const kindOf = (value: unknown): string =>
  value === '' ? 'an empty string' : value === null ? 'null' : typeof value;

/** Throws a TypeError naming `who` and `name` unless `value` is a non-empty string. */
export function requireString(who: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !value) {
    throw new TypeError(`${who}: \`${name}\` must be a non-empty string, got ${kindOf(value)}`);
  }
}

/** The longest delay that `setTimeout` honours (2³¹ − 1 ms, about 24.8 days): a longer one fires at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Throws a TypeError naming `who` and `name` unless `ms` is a delay that a timer can wait. */
export function requireMs(who: string, name: string, ms: number): void {
  if (!(ms >= 1 && ms <= MAX_DELAY_MS)) {
    throw new TypeError(`${who}: \`${name}\` must be from 1 to ${MAX_DELAY_MS} ms, got ${String(ms)}`);
  }
}
