// @ts-check
// When a reader sees an operation of the reference: the time from navigation start until the
// heading of the operation is visible in the viewport, taken in the page at the first animation
// frame in which it is. Polling from outside (a Playwright locator's wait retries after 20, 50,
// 100, 100, then every 500 ms) would add up to half a second. Two moments are taken: the first
// heading of the operation (the build's preview, see prerender.mjs, or Redoc's), and Redoc's own
// heading, once Redoc has rendered the operation.
// Used by the browser test and by the docs benchmark (scripts/bench.mjs).

/**
 * Runs in the page (through `addInitScript`): sets `window.firstOperationMs` once an `h1` or
 * `h2` whose text is `text` is laid out and visible in the viewport, and `window.redocOperationMs`
 * once such a heading inside Redoc's element (`#redoc`) is.
 * @param {string} text
 */
function noteFirstVisible(text) {
  const w = /** @type {{ firstOperationMs?: number, redocOperationMs?: number }} */ (
    /** @type {unknown} */ (window)
  );
  /** @param {Element} h */
  const seen = (h) => {
    const box = h.getBoundingClientRect();
    return (
      h.textContent?.trim() === text &&
      box.width > 0 &&
      box.height > 0 &&
      box.bottom > 0 &&
      box.top < window.innerHeight &&
      h.checkVisibility()
    );
  };
  const frame = () => {
    const now = performance.now();
    const visible = [...document.querySelectorAll('h1, h2')].filter(seen);
    if (visible.length > 0) w.firstOperationMs ??= now;
    if (visible.some((h) => h.closest('#redoc'))) w.redocOperationMs = now;
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Opens `url` in `page` (which should be new, with its cache off) and resolves with the ms from
 * navigation start until the heading `summary` was visible (`firstMs`) and until Redoc's own
 * heading was (`redocMs`).
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {string} summary
 * @returns {Promise<{ firstMs: number, redocMs: number }>}
 */
export async function timeFirstOperation(page, url, summary) {
  await page.addInitScript(noteFirstVisible, summary);
  await page.goto(url, { waitUntil: 'commit' });
  const measured = await page.waitForFunction(
    () => {
      const w = /** @type {{ firstOperationMs?: number, redocOperationMs?: number }} */ (
        /** @type {unknown} */ (window)
      );
      return w.redocOperationMs !== undefined && [w.firstOperationMs, w.redocOperationMs];
    },
    undefined,
    { timeout: 20_000 },
  );
  const [first, redoc] = /** @type {[number, number]} */ (await measured.jsonValue());
  return { firstMs: Math.round(first), redocMs: Math.round(redoc) };
}

/** The middle value of a list of numbers (the lower one of the two middle values). @param {number[]} xs */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[(sorted.length - 1) >> 1]);
}
