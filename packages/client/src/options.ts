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
