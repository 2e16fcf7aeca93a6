// The client never lets `fetch` follow a redirect on its own: a server could send the call, its
// custom headers and its body to another origin, and have that origin's answer taken for the
// API's. Each request goes out with `redirect: 'manual'`; a GET (or HEAD) redirected within its
// own origin is followed here, a few hops at most; any other redirect comes back as the answer,
// which the caller turns into a `RedirectError` (nothing is sent to the target).
import type { FetchLike } from './transport.js';

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_HOPS = 5;

function targetOf(location: string | null, base: string | undefined): URL | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, base || undefined);
  } catch {
    return undefined;
  }
}

/** A `fetch` that follows only same-origin redirects of GET and HEAD (`fetchImpl` default: the global one). */
export function withoutForeignRedirects(fetchImpl: FetchLike | undefined): FetchLike {
  return async (input, init) => {
    const send = fetchImpl ?? fetch;
    let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // The transport already asks for `manual`: no copy of its options on the way.
    const manual: RequestInit = init?.redirect === 'manual' ? init : { ...init, redirect: 'manual' };
    for (let hop = 0; ; hop++) {
      const response = await send(url, manual);
      if (!REDIRECT_STATUSES.includes(response.status)) return response;
      const method = (init?.method ?? 'GET').toUpperCase();
      const target = targetOf(response.headers.get('location'), url);
      const follow =
        target !== undefined &&
        target.origin === new URL(url).origin &&
        (method === 'GET' || method === 'HEAD') &&
        hop < MAX_HOPS;
      if (!follow) return response;
      await response.body?.cancel().catch(() => {});
      url = target.href;
    }
  };
}

/** Where a redirect answer points, for its error: the target's host, or undefined when hidden. */
export function redirectTarget(response: Response): string | undefined {
  return targetOf(response.headers.get('location'), response.url)?.host;
}
