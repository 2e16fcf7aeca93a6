// @ts-check
// When a reader sees an operation of the reference: the time from navigation start until the
// heading of the operation is visible, taken in the page at the first animation frame in which
// the heading has a box and is visible. Polling from outside (a Playwright locator's wait
// retries after 20, 50, 100, 100, then every 500 ms) would add up to half a second.
// Used by the browser test and by the docs benchmark (scripts/bench.mjs).

/**
 * Runs in the page (through `addInitScript`): sets `window.firstOperationMs` once an `h1` or
 * `h2` whose text is `text` is laid out and visible.
 * @param {string} text
 */
function noteFirstVisible(text) {
  const w = /** @type {{ firstOperationMs?: number }} */ (/** @type {unknown} */ (window));
  const frame = () => {
    const heading = [...document.querySelectorAll('h1, h2')].find((h) => h.textContent?.trim() === text);
    const box = heading?.getBoundingClientRect();
    if (heading && box && box.width > 0 && box.height > 0 && heading.checkVisibility()) {
      w.firstOperationMs = performance.now();
    } else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Opens `url` in `page` (which should be new, with its cache off) and resolves with the ms from
 * navigation start until the heading `summary` was visible.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {string} summary
 */
export async function timeFirstOperation(page, url, summary) {
  await page.addInitScript(noteFirstVisible, summary);
  await page.goto(url, { waitUntil: 'commit' });
  const measured = await page.waitForFunction(
    () => /** @type {{ firstOperationMs?: number }} */ (/** @type {unknown} */ (window)).firstOperationMs,
    undefined,
    { timeout: 20_000 },
  );
  return Math.round(/** @type {number} */ (await measured.jsonValue()));
}

/** The middle value of a list of numbers (the lower one of the two middle values). @param {number[]} xs */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[(sorted.length - 1) >> 1]);
}
