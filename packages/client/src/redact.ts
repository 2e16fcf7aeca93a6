const MASK = '[REDACTED]';

/**
 * Remembers every secret the client has held (tokens, API tokens) and masks them in any text
 * that leaves the client: error messages, stacks, causes and debug logs.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short strings would mask innocent text and are no real token anyway.
    if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  text = (text: string): string => {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    // Belt and braces: a credential scheme followed by a value is masked whatever the value.
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${MASK}`);
  };

  /**
   * A copy of an error that is safe to keep as a `cause`: same name, code and shape, every
   * string masked. Non-errors become their masked text.
   */
  error(value: unknown, depth = 0): unknown {
    if (!(value instanceof Error)) {
      if (typeof value === 'string') return this.text(value);
      return value === undefined || value === null || typeof value !== 'object'
        ? value
        : this.text(safeString(value));
    }
    const copy = new Error(this.text(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : this.text(value.stack);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
    if (value.cause !== undefined && depth < 3) copy.cause = this.error(value.cause, depth + 1);
    return copy;
  }
}

function safeString(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
