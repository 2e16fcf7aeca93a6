// The fetch that orval's generated functions call (its `mutator`): prefixes the base URL, adds
// the bearer, and reads each answer by its Content-Type, so that the PEM certificate and a
// text/plain 429 come back as text instead of failing in JSON.parse.
let base = '';
let bearer: string | undefined;

/** Where the generated client sends its requests, and the token it sends. */
export function configureOrval(options: { baseUrl: string; token?: string }): void {
  base = options.baseUrl.replace(/\/+$/, '');
  bearer = options.token;
}

export async function orvalFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  if (bearer && !headers.has('authorization')) headers.set('authorization', `Bearer ${bearer}`);
  const res = await fetch(`${base}${url}`, { ...init, headers });
  const type = res.headers.get('content-type') ?? '';
  const text = [204, 205, 304].includes(res.status) ? '' : await res.text();
  const data = /[/+]json\b/.test(type) && text !== '' ? JSON.parse(text) : text;
  return { data, status: res.status, headers: res.headers } as T;
}
