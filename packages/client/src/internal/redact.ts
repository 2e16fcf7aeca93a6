const MASK = '[REDACTED]';

/**
 * Remembers every secret the client has held (tokens, API tokens) and masks them in any text
 * that leaves the client: error messages, stacks, causes and debug logs.
 */
export interface Redactor {
  add(secret: string | undefined): void;
  text(text: string): string;
  /** A copy of an error safe to keep as a `cause`: same name and code, every string masked. */
  error(value: unknown): unknown;
}

/**
 * An error answer with its secrets masked: the body and the request id (a server may echo what it
 * received), as the raw client hands them on. Other answers are returned as they are.
 */
export async function redactErrorResponse(response: Response, redactor: Redactor): Promise<Response> {
  if (response.ok || response.status < 200 || [204, 205, 304].includes(response.status)) return response;
  const text = await response.text().catch(() => '');
  const headers = new Headers(response.headers);
  const requestId = headers.get('x-request-id');
  if (requestId !== null) headers.set('x-request-id', redactor.text(requestId));
  // The body is now decoded text of another length.
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(text ? redactor.text(text) : null, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  const text = (input: string): string => {
    let out = input;
    for (const secret of secrets) out = out.split(secret).join(MASK);
    // Belt and braces: a credential scheme followed by a value is masked whatever the value.
    return out.replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${MASK}`);
  };
  const error = (value: unknown, depth = 0): unknown => {
    if (!(value instanceof Error)) return value == null ? value : text(String(value));
    const copy = Object.assign(new Error(text(value.message)), {
      name: value.name,
      stack: value.stack && text(value.stack),
    });
    const { code } = value as { code?: unknown };
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
    if (value.cause !== undefined && depth < 3) copy.cause = error(value.cause, depth + 1);
    return copy;
  };
  return {
    add(secret) {
      // Very short strings would mask innocent text and are no real token anyway.
      if (secret && secret.length > 3) secrets.add(secret);
    },
    text,
    error,
  };
}
