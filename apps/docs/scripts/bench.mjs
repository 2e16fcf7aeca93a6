// @ts-check
// The reference's first operation, timed alone: the built site served from 127.0.0.1, the
// first operation's deep link opened in Chromium `--runs` times (default 5), each in a new
// page with the cache off, after one warm-up load. Prints the median and every run, of the
// moment the operation's heading is first visible (the build's preview) and of the moment
// Redoc's own heading is. The browser test prints the same figures, but measured while the
// other test suites share the machine.
// Run: pnpm --filter @scalingo-db-api/docs bench   (after building the site)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.mjs';
import { median, timeFirstOperation } from './lib/first-operation.mjs';
import { routeOfOperation } from './lib/pages.mjs';
import { listOperations, loadBundle, specPackageFiles } from './lib/spec.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const TARGET_MS = 1000;

async function main() {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', 'dist') },
      runs: { type: 'string', default: '5' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    throw new Error(`docs bench: --runs must be a whole number from 1 to 50, got ${values.runs}`);
  }
  const dist = String(values.dist);
  if (!existsSync(join(dist, 'reference.html'))) {
    throw new Error(`docs bench: ${dist}/reference.html is missing; build the site first (pnpm build)`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`docs bench: ${CHROMIUM} is missing; install it with "apt-get install -y chromium"`);
  }
  const [first] = listOperations(loadBundle(specPackageFiles().json));
  if (!first) throw new Error('docs bench: the bundle has no operation');
  const route = routeOfOperation(first.operation);
  const server = /** @type {{ url: string, close: () => Promise<unknown> }} */ (
    await startStaticServer({ root: dist })
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing but the local server: a request elsewhere is refused.
    const origin = new URL(server.url).origin;
    await context.route('**/*', (r) =>
      /^(data|blob):/.test(r.request().url()) || new URL(r.request().url()).origin === origin
        ? r.continue()
        : r.abort('blockedbyclient'),
    );
    /** @type {{ firstMs: number, redocMs: number }[]} */
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const run = await timeFirstOperation(
        page,
        `${server.url}reference.html${route}`,
        first.operation.summary,
      );
      if (i > 0) times.push(run);
      await page.close();
    }
    const firsts = times.map((t) => t.firstMs);
    const redocs = times.map((t) => t.redocMs);
    const ms = median(firsts);
    console.log(
      `docs bench: first operation ("${first.operation.summary}") visible ${ms} ms after navigation, ` +
        `median of ${runs} (${firsts.join(', ')} ms); target <= ${TARGET_MS}: ${ms <= TARGET_MS ? 'met' : 'NOT met'}\n` +
        `docs bench: Redoc's own rendering of it visible ${median(redocs)} ms after navigation (${redocs.join(', ')} ms); ` +
        "until then the page shows the build's preview of the operation",
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
