/** How an operation is called and answered; `OperationTable` (generated) holds the literal types. */
export interface OperationSpec {
  method: string;
  path: string;
  pathParams: readonly string[];
  body: 'json' | 'empty' | null;
  bodyRequired: boolean;
  bodyRoot: string | null;
  response: 'json' | 'text' | 'none';
  responseRoot: string | null;
  /** The answer may also arrive as the bare resource `responseRoot` holds (an accepted older form). */
  responseBare: boolean;
  auth: boolean;
  pagination: { style: 'page' | 'cursor'; items: string } | null;
}

const orNull = (field: string | undefined) => (field === '-' ? null : (field as string));

/** Decodes the compact lines written by scripts/generate.mjs (see `encodeOperation`). */
export function decodeOperations<T>(encoded: Record<string, string>): T {
  const table: Record<string, OperationSpec> = {};
  for (const id in encoded) {
    const [method, path, body, bodyRoot, response, responseRoot, auth, pagination] = (
      encoded[id] as string
    ).split(' ') as string[] & { length: 8 };
    const paging = orNull(pagination)?.split(':');
    table[id] = {
      method: method as string,
      path: path as string,
      pathParams: [...(path as string).matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
      body: body === '-' ? null : body === 'empty' ? 'empty' : 'json',
      bodyRequired: body === 'json',
      bodyRoot: orNull(bodyRoot),
      response: response as OperationSpec['response'],
      responseRoot: orNull(responseRoot?.replace(/\?$/, '')),
      responseBare: responseRoot?.endsWith('?') === true,
      auth: auth === 'auth',
      pagination: paging ? { style: paging[0] as 'page' | 'cursor', items: paging[1] as string } : null,
    };
  }
  return table as T;
}
