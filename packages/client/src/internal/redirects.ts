// The client never lets `fetch` follow a redirect on its own: a server could send the call, its
// custom headers and its body to another origin, and have that origin's answer taken for the
// API's. Each request goes out with `redirect: 'manual'`; a GET (or HEAD) redirected within its
// own origin is followed here, a few hops at most; any other redirect comes back as the answer,
// which the caller turns into a `RedirectError` (nothing is sent to the target).

/** The statuses of a redirect (see followOwnRedirects). */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_HOPS = 5;

function targetOf(location: string | null, base: string | undefined): URL | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, base || undefined);
  } catch {
    return undefined;
  }
}

/**
 * `response` to a request for `url`, or, when it redirects a GET or HEAD within its origin, the
 * answer `send` gets from the target (a few hops at most): the first answer not followed.
 */
export async function followOwnRedirects(
  response: Response,
  url: string,
  method: string,
  send: (url: string) => Response | Promise<Response>,
): Promise<Response> {
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') return response;
  for (let hop = 0; REDIRECT_STATUSES.includes(response.status) && hop < MAX_HOPS; hop++) {
    const target = targetOf(response.headers.get('location'), url);
    if (target?.origin !== new URL(url).origin) break;
    await response.body?.cancel().catch(() => {});
    url = target.href;
    response = await send(url);
  }
  return response;
}

/** Where a redirect answer points, for its error: the target's host, or undefined when hidden. */
export function redirectTarget(response: Response): string | undefined {
  return targetOf(response.headers.get('location'), response.url)?.host;
}
