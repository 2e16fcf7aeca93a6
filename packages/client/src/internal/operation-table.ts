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

/** The fields of a line, by name; `LINE_FIELDS` in scripts/generate.mjs states their order. */
type Line = Record<
  'method' | 'path' | 'body' | 'bodyRoot' | 'response' | 'responseRoot' | 'auth' | 'pagination',
  string | undefined
>;

/**
 * Decodes the compact lines written by scripts/generate.mjs (see `encodeOperation`): `fields`
 * names the fields of every line, in their order, separated by spaces.
 */
export function decodeOperations<T>(fields: string, encoded: Record<string, string>): T {
  const names = fields.split(' ');
  const table: Record<string, OperationSpec> = {};
  for (const id in encoded) {
    const values = (encoded[id] as string).split(' ');
    const line: Record<string, string | undefined> = {};
    names.forEach((name, i) => {
      line[name] = values[i];
    });
    const { method, path, body, bodyRoot, response, responseRoot, auth, pagination } = line as Line;
    if (
      values.length !== names.length ||
      [method, path, body, bodyRoot, response, responseRoot, auth, pagination].includes(undefined)
    )
      throw new Error(`decodeOperations: ${id} does not match the fields "${fields}"`);
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
