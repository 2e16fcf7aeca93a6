// The built site in a real browser (Debian's Chromium through playwright-core), served from
// 127.0.0.1 with every request to another host blocked and counted as a failure.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.mjs';
import { median, timeFirstOperation } from '../scripts/lib/first-operation.mjs';
import { REDOC_BUNDLE_PATH } from '../scripts/lib/offline.mjs';
import { operationRoute, routeOfOperation } from '../scripts/lib/pages.mjs';
import { OPERATION_PREVIEW_CLASS } from '../scripts/lib/prerender.mjs';
import { listRegions } from '../scripts/lib/spec.mjs';
import { startStaticServer } from '../scripts/lib/static-server.mjs';
import { bundle, operations, readText, requireDist, resultsDir } from './support.js';

/** The headings of an operation in the Redoc page: their text is exactly the summary. */
function operationHeadings(page: Page, summary: string) {
  const exact = new RegExp(`^\\s*${summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator('h1, h2').filter({ hasText: exact });
}
const operationHeading = (page: Page, summary: string) => operationHeadings(page, summary).first();

const canRun = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!canRun) {
  console.warn(
    `docs browser test SKIPPED: ${CHROMIUM} is absent (install it with "apt-get install -y chromium"); in CI it always runs`,
  );
}

describe.skipIf(!canRun)('the docs site in Chromium', () => {
  let server: { url: string; close: () => Promise<unknown> };
  let browser: Browser;
  let context: BrowserContext;
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  const served = new Set<string>();

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  function expectClean() {
    expect(blocked, 'requests to other hosts').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  }

  beforeAll(async () => {
    const root = requireDist();
    server = (await startStaticServer({ root })) as typeof server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const origin = new URL(server.url).origin;
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      if (new URL(url).origin !== origin) {
        blocked.push(url);
        return route.abort('blockedbyclient');
      }
      served.add(new URL(url).pathname);
      return route.continue();
    });
  });

  // Each test answers for the requests and console errors of its own pages.
  beforeEach(() => {
    blocked.length = 0;
    consoleErrors.length = 0;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('counts and blocks a request to another host (the guard the other tests rely on)', async () => {
    // about:blank has no Content-Security-Policy, so the request reaches the route handler.
    const page = await context.newPage();
    await page.goto('about:blank');
    const outcome = await page.evaluate(() =>
      fetch('http://outside.invalid/probe').then(
        () => 'answered',
        () => 'failed',
      ),
    );
    await page.close();
    expect(outcome).toBe('failed');
    expect(blocked).toEqual(['http://outside.invalid/probe']);
  });

  /**
   * Opens the reference at `route` in a fresh page with the cache off, and measures the time
   * from navigation start until the heading of `summary` is visible, first in the build's
   * preview, then in Redoc's rendering (timeFirstOperation), and the bytes that came over the
   * wire (headers and bodies as sent, so compressed when the server compressed).
   */
  async function loadReference(route: string, summary: string) {
    const page = await newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let wireBytes = 0;
    const encodings = new Map<string, string>();
    cdp.on('Network.responseReceived', (event) => {
      const encoding = Object.entries(event.response.headers).find(
        ([k]) => k.toLowerCase() === 'content-encoding',
      );
      encodings.set(new URL(event.response.url).pathname, encoding ? String(encoding[1]) : 'identity');
    });
    cdp.on('Network.loadingFinished', (event) => {
      wireBytes += event.encodedDataLength;
    });
    served.clear();
    const { firstMs, redocMs } = await timeFirstOperation(
      page,
      `${server.url}reference.html${route}`,
      summary,
    );
    // What the page measured is what a reader sees: the same heading, found the way the other tests find it.
    await operationHeading(page, summary).waitFor({ state: 'visible' });
    // Once Redoc has rendered the operation, the preview is gone: one heading, Redoc's.
    expect(await page.locator(`.${OPERATION_PREVIEW_CLASS}`).count()).toBe(0);
    expect(await operationHeadings(page, summary).count()).toBe(1);
    await page.waitForLoadState('load');
    return { page, cdp, firstMs, redocMs, wireBytes, encodings };
  }

  it('renders the first operation of the reference quickly, loading nothing from another host', async () => {
    const [first] = operations();
    if (!first) throw new Error('the bundle has no operation');
    const route = routeOfOperation(first.operation);
    // Five loads, each in a new page with the cache off: the median of the times is the figure.
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const run = await loadReference(route, first.operation.summary);
      runs.push(run);
      if (i < 4) {
        await run.cdp.detach();
        await run.page.close();
      }
    }
    const { page, wireBytes, encodings } = runs[4] as (typeof runs)[number];
    const firstOperationMs = median(runs.map((r) => r.firstMs));
    const redocOperationMs = median(runs.map((r) => r.redocMs));

    const files = [...served].map((p) =>
      join(requireDist(), p === '/' ? 'index.html' : decodeURIComponent(p)),
    );
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readText(f)).length, 0);
    // Redoc scrolls smoothly to the route: take the picture once the page stands still.
    await expect
      .poll(
        async () => {
          const before = await page.evaluate(() => window.scrollY);
          await page.waitForTimeout(250);
          return (await page.evaluate(() => window.scrollY)) === before;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    mkdirSync(resultsDir, { recursive: true });
    const screenshot = join(resultsDir, 'reference.png');
    await page.screenshot({ path: screenshot });
    const metrics = {
      firstOperationMs,
      firstOperationRunsMs: runs.map((r) => r.firstMs),
      redocOperationMs,
      redocOperationRunsMs: runs.map((r) => r.redocMs),
      wireKB: Math.round(wireBytes / 1024),
      pageWeightKB: Math.round(bytes / 1024),
      pageWeightGzipKB: Math.round(gzipBytes / 1024),
      requests: served.size,
      encodings: Object.fromEntries(encodings),
      screenshot,
    };
    writeFileSync(join(resultsDir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    console.log(
      `docs: first operation ("${first.operation.summary}") visible ${firstOperationMs} ms after navigation ` +
        `(median of 5: ${metrics.firstOperationRunsMs.join(', ')} ms; target <= 1000), ` +
        `Redoc's own rendering of it ${redocOperationMs} ms (${metrics.redocOperationRunsMs.join(', ')} ms); ` +
        `${metrics.wireKB} KB over the wire (target <= 900) for ${metrics.pageWeightKB} KB of files ` +
        `(${metrics.pageWeightGzipKB} KB gzipped) in ${served.size} requests; screenshot ${screenshot}`,
    );
    await page.close();
    expectClean();
    // Bytes are deterministic (unlike times on a shared machine): the budget is checked.
    expect(encodings.get('/reference.html'), 'reference.html sent precompressed').toBe('br');
    expect(encodings.get(`/${REDOC_BUNDLE_PATH}`), 'the Redoc bundle sent precompressed').toBe('br');
    expect(metrics.wireKB, 'KB over the wire for the reference').toBeLessThanOrEqual(900);
  });

  it("paints the pre-rendered introduction at the root route and an operation's preview at its route, before Redoc runs", async () => {
    // Redoc's script never arrives: what shows is what the page itself puts in place.
    const page = await context.newPage();
    await page.route(`**/${REDOC_BUNDLE_PATH}`, (route) => route.abort());
    const title = String(bundle().info.title);
    await page.goto(`${server.url}reference.html`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: title }).waitFor();
    expect(await page.evaluate(() => document.head.querySelector('style[data-styled]') !== null)).toBe(true);
    const [first] = operations();
    if (!first) throw new Error('the bundle has no operation');
    const route = routeOfOperation(first.operation);
    // Only the hash changes, a navigation within the page: the reload loads it at the deep link.
    await page.goto(`${server.url}reference.html${route}`);
    await page.reload();
    expect(await page.evaluate(() => document.getElementById('redoc')?.childElementCount)).toBe(0);
    expect(await page.evaluate(() => document.head.querySelector('style[data-styled]'))).toBeNull();
    // Redoc never comes: the preview stays, with the operation's heading, method and path.
    const preview = page.locator(`.${OPERATION_PREVIEW_CLASS}`);
    await preview.getByRole('heading', { level: 2, name: first.operation.summary, exact: true }).waitFor();
    expect(await preview.locator('code').first().textContent()).toBe(first.path);
    expect(await preview.textContent()).toContain(first.method.toUpperCase());
    // A route that names no operation shows no preview.
    await page.goto(`${server.url}reference.html#/no-such/route`);
    await page.reload();
    expect(await preview.count()).toBe(0);
    // In Redoc's dark colour mode, the preview is light text on a dark page, as Redoc will be.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}reference.html${route}`);
    await page.reload();
    await preview.locator('h2').waitFor();
    const brightness = await page.evaluate((previewClass) => {
      const sum = (colour: string) =>
        (colour.match(/\d+/g) ?? []).slice(0, 3).reduce((n, x) => n + Number(x), 0);
      const heading = document.querySelector(`.${previewClass} h2`) as Element;
      return {
        page: sum(getComputedStyle(document.body).backgroundColor),
        heading: sum(getComputedStyle(heading).color),
      };
    }, OPERATION_PREVIEW_CLASS);
    expect(brightness.page).toBeLessThan(255);
    expect(brightness.heading).toBeGreaterThan(3 * 200);
    await page.close();
  });

  it("shows every operation's summary from the bundle and both region servers", async () => {
    const page = await newPage();
    await page.goto(`${server.url}reference.html`);
    for (const region of listRegions(bundle())) {
      await page.getByText(region.url, { exact: true }).first().waitFor();
      await page.getByText(region.description, { exact: true }).first().waitFor();
    }
    const missing: string[] = [];
    for (const { operation } of operations()) {
      const route = routeOfOperation(operation);
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, route);
      const heading = operationHeading(page, operation.summary);
      try {
        await heading.waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        missing.push(`${operation.operationId} ("${operation.summary}") at ${route}`);
      }
    }
    expect(missing).toEqual([]);
    await page.close();
    expectClean();
  });

  it('shows both security schemes on an operation, each with its token format', async () => {
    const page = await newPage();
    await page.goto(`${server.url}reference.html`);
    await page.evaluate(
      (hash) => {
        window.location.hash = hash;
      },
      operationRoute('Databases', 'getDatabase'),
    );
    const schemes = bundle().components.securitySchemes as Record<string, { bearerFormat: string }>;
    expect(Object.keys(schemes)).toEqual(['databaseToken', 'userToken']);
    await page.getByText('databaseToken or userToken', { exact: true }).first().waitFor();
    await page.getByText('View security details').first().click();
    await page
      .getByText(schemes.databaseToken?.bearerFormat ?? '?', { exact: true })
      .first()
      .waitFor();
    await page.getByText('userToken', { exact: true }).last().click();
    await page
      .getByText(schemes.userToken?.bearerFormat ?? '?', { exact: true })
      .first()
      .waitFor();
    await page.close();
    expectClean();
  });

  it('finds the backup operations with the search', async () => {
    const page = await newPage();
    await page.goto(`${server.url}reference.html`);
    await page.getByTestId('search-trigger').click();
    const input = page.getByPlaceholder(/search/i).last();
    await input.fill('backup');
    const backupSummaries = operations()
      .filter(({ operation }) => operation.tags?.includes('Backups'))
      .map(({ operation }) => operation.summary as string);
    expect(backupSummaries.length).toBeGreaterThan(0);
    const hit = page
      .getByText(backupSummaries[0] ?? '', { exact: true })
      .filter({ visible: true })
      .first();
    await hit.waitFor();
    await hit.click();
    await expect.poll(() => new URL(page.url()).hash).toContain('/backups/');
    await page.close();
    expectClean();
  });

  it('resolves every internal link of every page', async () => {
    const origin = new URL(server.url).origin;
    const page = await newPage();
    const pagesToVisit = ['index.html'];
    const visited = new Set<string>();
    const links = new Map<string, string>(); // href → first page that has it
    while (pagesToVisit.length > 0) {
      const path = pagesToVisit.shift() as string;
      if (visited.has(path)) continue;
      visited.add(path);
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('load');
      if (path === 'reference.html') await page.getByTestId('search-trigger').waitFor();
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        if (!links.has(href)) links.set(href, path);
        const target = url.pathname.replace(/^\//, '') || 'index.html';
        if (target.endsWith('.html') && !visited.has(target)) pagesToVisit.push(target);
      }
    }
    expect(visited.size).toBeGreaterThan(3);

    const broken: string[] = [];
    const routes = new Set<string>();
    for (const [href, from] of links) {
      const url = new URL(href);
      const response = await fetch(`${origin}${url.pathname}`);
      if (response.status !== 200) {
        broken.push(`${from}: ${href} answers ${response.status}`);
        continue;
      }
      const hash = decodeURIComponent(url.hash);
      if (!hash || hash === '#') continue;
      if (url.pathname.endsWith('/reference.html')) {
        // Redoc's routes: "#/tag/operation", optionally followed by "#anchor" inside it.
        routes.add(hash.slice(1).split('#')[0] ?? '');
      } else {
        const html = await response.text();
        if (!html.includes(`id="${hash.slice(1)}"`))
          broken.push(`${from}: ${href} has no element #${hash.slice(1)}`);
      }
    }
    await page.goto(`${server.url}reference.html`);
    for (const route of routes) {
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, route);
      try {
        await page
          .locator(`[data-section-id="${route.replace(/"/g, '\\"')}"]`)
          .first()
          .waitFor({ timeout: 10_000 });
      } catch {
        broken.push(`reference.html#${route} shows no section`);
      }
    }
    console.log(
      `docs: ${links.size} internal links on ${visited.size} pages, ${routes.size} reference routes checked`,
    );
    expect(broken).toEqual([]);
    await page.close();
    expectClean();
  });

  it('shows the guides and the home page without errors', async () => {
    const page = await newPage();
    await page.goto(`${server.url}index.html`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.screenshot({ path: join(resultsDir, 'index.png'), fullPage: true });
    await page.goto(`${server.url}getting-started.html`);
    await page.getByRole('heading', { name: 'Getting started', level: 1 }).waitFor();
    await page.close();
    expectClean();
  });

  it('fits a 1366-px window: no code block scrolls, no region URL breaks, every page has its icon', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    const pages = readdirSync(requireDist()).filter((name) => name.endsWith('.html'));
    const scrolling: string[] = [];
    for (const name of pages) {
      await page.goto(`${server.url}${name}`);
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(icon, `${name} links no icon`).toBeTruthy();
      const response = await page.request.get(new URL(icon ?? '', page.url()).href);
      expect(response.status(), `${name}: ${icon}`).toBe(200);
      if (name === 'reference.html') continue;
      for (const block of await page.locator('main pre').all()) {
        const { scrollWidth, clientWidth } = await block.evaluate((e) => ({
          scrollWidth: e.scrollWidth,
          clientWidth: e.clientWidth,
        }));
        if (scrollWidth > clientWidth)
          scrolling.push(`${name}: ${(await block.textContent())?.split('\n')[0]}`);
      }
    }
    expect(scrolling, 'code blocks wider than the window allows').toEqual([]);
    await page.goto(`${server.url}index.html`);
    const urls = page.locator('.regions code.url');
    expect(await urls.count()).toBe(listRegions(bundle()).length);
    for (const url of await urls.all()) {
      // One line box: the URL did not wrap.
      expect(await url.evaluate((e) => e.getClientRects().length), (await url.textContent()) ?? '').toBe(1);
    }
    await page.close();
    expectClean();
  });
});
