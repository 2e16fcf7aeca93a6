// The published browser entry (the package's "." export, built) bundled by esbuild for the browser
// and run in Debian's Chromium through playwright-core, against the mock server on another origin
// of 127.0.0.1: a cross-origin call with CORS preflights, as a web app would make it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer } from '@scalingo-db-api/mock';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../scripts/chromium.mjs';
import {
  type BrowserBundle,
  builtBrowserEntry,
  bundleForBrowser,
  packageRoot,
  type RefusingProxy,
  type StaticServer,
  startRefusingProxy,
  startStaticServer,
} from './helpers/browser.js';
import { json, startServer, type TestServer } from './helpers/server.js';

/** What the bundle exports, typed from the sources the build comes from. */
type ClientModule = typeof import('../src/index.js');

const canRun = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!canRun) {
  console.warn(
    `client browser test SKIPPED: ${CHROMIUM} is absent (install it with "apt-get install -y chromium"); in CI it always runs`,
  );
}

/** An addon id no database of the mock has: its paths answer 404 {"resource": "database"}. */
const MISSING_DB = 'ad-00000000-0000-4000-8000-000000000000';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Scalingo Database API client in the browser</title>
<link rel="icon" href="data:,">
<script type="module">
import * as api from './client.js';
window.dbApi = api;
document.documentElement.dataset.ready = 'yes';
</script>
</head>
<body></body>
</html>
`;

describe('the browser entry', () => {
  let bundle: BrowserBundle;

  beforeAll(async () => {
    bundle = await bundleForBrowser(builtBrowserEntry());
  }, 180_000);

  it('bundles for the browser without a Node builtin', () => {
    expect(bundle.nodeImports, 'Node builtins reached from the "." export').toEqual([]);
    expect(bundle.code).toContain('createDatabaseApiClient');
    // package.json's "browser" field: browsers stop requests with a signal, not undici's dispatcher.
    expect(bundle.code).toContain('attempt.browser');
    expect(bundle.code).not.toContain('undici.globalDispatcher');
  });

  it('names the Node builtins of an entry that has some (the ./node entry), so the check above can fail', async () => {
    const nodeEntry = await bundleForBrowser(join(packageRoot, 'dist/node.js'));
    expect(nodeEntry.nodeImports).toContain('dist/node.js imports node:fs');
  });

  describe.skipIf(!canRun)('in Chromium', () => {
    type Mock = Awaited<ReturnType<typeof startMockServer>>;
    let mock: Mock;
    let mockOrigin: string;
    let site: StaticServer;
    let corsProbe: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let proxy: RefusingProxy;
    /** Every request the page made to a host other than 127.0.0.1. */
    const offHost: string[] = [];
    /** Every request the page made to the mock: `METHOD path?query`. */
    const toMock: string[] = [];
    const consoleErrors: { text: string; url: string }[] = [];
    const pageErrors: string[] = [];

    async function openPage(): Promise<Page> {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error')
          consoleErrors.push({ text: message.text(), url: message.location().url });
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'yes');
      return page;
    }

    beforeAll(async () => {
      const started = performance.now();
      mock = await startMockServer({ port: 0, host: '127.0.0.1' });
      mockOrigin = new URL(mock.url).origin;
      site = await startStaticServer({
        '/index.html': { type: 'text/html; charset=utf-8', body: PAGE },
        '/client.js': { type: 'text/javascript; charset=utf-8', body: bundle.code },
      });
      // Answers GET /plain without CORS headers, GET /simple to any origin, and refuses preflights.
      corsProbe = await startServer((req, res) => {
        if (req.method === 'GET' && req.url === '/plain') return json(res, 200, { ok: true });
        if (req.method === 'GET' && req.url === '/simple')
          return json(res, 200, { ok: true }, { 'access-control-allow-origin': '*' });
        res.writeHead(404).end();
      });
      proxy = await startRefusingProxy();
      // Chromium sends 127.0.0.1 directly (loopback never goes through a proxy) and every other
      // host to the refusing proxy. No Playwright route: with one, Playwright answers CORS
      // preflights itself and the mock's own CORS handling would go untested.
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS, `--proxy-server=${proxy.origin}`],
      });
      context = await browser.newContext();
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol === 'data:' || url.protocol === 'blob:') return;
        if (url.hostname !== '127.0.0.1') offHost.push(request.url());
        else if (url.origin === mockOrigin) toMock.push(`${request.method()} ${url.pathname}${url.search}`);
      });
      console.log(
        `client browser test: bundle ${Math.round(bundle.code.length / 1024)} KB, servers and Chromium up in ${Math.round(performance.now() - started)} ms`,
      );
    }, 60_000);

    beforeEach(() => {
      offHost.length = 0;
      proxy.refused.length = 0;
      toMock.length = 0;
      consoleErrors.length = 0;
      pageErrors.length = 0;
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await Promise.all([site?.close(), corsProbe?.close(), proxy?.close(), mock?.close()]);
    });

    it('blocks and counts a request to another host, and enforces CORS with preflights (the guards the next test relies on)', async () => {
      const page = await openPage();
      const outcome = await page.evaluate(
        async ({ outside, server }) => {
          const attempt = (url: string, init?: RequestInit) =>
            fetch(url, init).then(
              (r) => `answered ${r.status}`,
              () => 'failed',
            );
          return {
            outside: await attempt(outside),
            noCorsHeaders: await attempt(`${server}/plain`),
            simple: await attempt(`${server}/simple`),
            preflightRefused: await attempt(`${server}/simple`, {
              headers: { authorization: 'Bearer probe' },
            }),
          };
        },
        { outside: 'http://outside.invalid/probe', server: corsProbe.origin },
      );
      await page.close();
      expect(outcome).toEqual({
        outside: 'failed',
        noCorsHeaders: 'failed',
        simple: 'answered 200',
        preflightRefused: 'failed',
      });
      expect(offHost).toEqual(['http://outside.invalid/probe']);
      // The proxy also sees Chromium's own background traffic (updates, accounts), not the page's:
      // the page's requests are counted by the 'request' events above.
      expect(proxy.refused).toContain('http://outside.invalid/probe');
      // The bearer made Chromium ask first (OPTIONS), and the refusal kept the GET from being sent.
      expect(corsProbe.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'GET /plain',
        'GET /simple',
        'OPTIONS /simple',
      ]);
    });

    it('runs in Chromium: reads, lists, pages through and maps errors from the mock on another origin, loading nothing from another host', async () => {
      const started = performance.now();
      const pg = mock.databases().find((d) => d.typeName === 'postgresql');
      if (!pg) throw new Error('the mock has no PostgreSQL database');
      const page = await openPage();

      const result = await page.evaluate(
        async ({ baseUrl, token, addonId, missing }) => {
          const api = (window as unknown as { dbApi: ClientModule }).dbApi;
          const client = api.createDatabaseApiClient({ baseUrl, token });
          const caught = async (call: () => Promise<unknown>) => {
            try {
              await call();
              return { thrown: false } as const;
            } catch (e) {
              const error = e as InstanceType<ClientModule['DatabaseApiError']>;
              return {
                thrown: true,
                name: error.name,
                isNotFound: e instanceof api.NotFoundError,
                isValidation: e instanceof api.ValidationError,
                status: error.status,
                method: error.method,
                path: error.path,
                resource: e instanceof api.NotFoundError ? e.resource : undefined,
                fieldErrors: e instanceof api.ValidationError ? e.fieldErrors : undefined,
                message: error.message,
              } as const;
            }
          };

          const database = await client.databases.get(addonId);
          const backups = await client.backups.list(addonId);
          const notFound = await caught(() => client.databases.get(missing));
          const invalid = await caught(() => client.users.create(addonId, { name: 'x', read_only: true }));
          const paged: string[] = [];
          for await (const m of api.paginate(client, 'listMaintenance', addonId, { query: { per_page: 1 } }))
            paged.push(m.id);
          const typed = await client.GET('/databases/{database_id}', {
            params: { path: { database_id: addonId } },
          });
          return {
            origin: window.location.origin,
            database: { id: database.id, type_name: database.type_name },
            backupIds: backups.map((b) => b.id),
            notFound,
            invalid,
            paged,
            typed: {
              status: typed.response.status,
              id: typed.data?.database?.id,
              error: typed.error ?? null,
            },
          };
        },
        { baseUrl: mock.url, token: pg.token, addonId: pg.addonId, missing: MISSING_DB },
      );
      await page.close();
      const elapsedMs = Math.round(performance.now() - started);

      const seeded = (mock.snapshot() as { databases: SeededDatabase[] }).databases.find(
        (d) => d.addonId === pg.addonId,
      );
      if (!seeded) throw new Error(`the mock snapshot has no database ${pg.addonId}`);

      expect(result.origin).toBe(site.origin);
      expect(result.origin).not.toBe(mockOrigin);
      expect(result.database).toEqual({ id: pg.addonId, type_name: 'postgresql' });
      expect(result.backupIds).toEqual(seeded.backups.map((b) => b.id));
      expect(result.backupIds.length).toBeGreaterThan(0);

      expect(result.notFound).toMatchObject({
        thrown: true,
        name: 'NotFoundError',
        isNotFound: true,
        status: 404,
        method: 'GET',
        path: '/databases/{database_id}',
        resource: 'database',
      });
      expect(result.notFound.thrown && result.notFound.message).not.toContain(MISSING_DB);

      expect(result.invalid).toMatchObject({
        thrown: true,
        name: 'ValidationError',
        isValidation: true,
        status: 422,
        method: 'POST',
        path: '/databases/{database_id}/users',
      });
      expect(Object.keys((result.invalid.thrown && result.invalid.fieldErrors) || {})).toContain('name');

      const seededMaintenance = seeded.maintenance.map((m) => m.id);
      expect(seededMaintenance.length).toBeGreaterThan(1);
      expect(result.paged).toEqual(seededMaintenance);
      const maintenancePages = toMock.filter((r) =>
        r.startsWith(`GET /api/databases/${pg.addonId}/maintenance`),
      );
      expect(maintenancePages.length, maintenancePages.join('\n')).toBe(seededMaintenance.length);
      expect(
        maintenancePages.some((r) => /[?&]page=2\b/.test(r)),
        maintenancePages.join('\n'),
      ).toBe(true);

      expect(result.typed).toEqual({ status: 200, id: pg.addonId, error: null });

      expect(offHost, 'requests to hosts other than 127.0.0.1').toEqual([]);
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
      // Chromium logs every 4xx answer of fetch as a console error: only the two refusals the
      // scenario asks for may appear, nothing else.
      const expectedRefusals = [
        `${mock.url}/databases/${MISSING_DB}`,
        `${mock.url}/databases/${pg.addonId}/users`,
      ];
      const unexpected = consoleErrors.filter(
        (e) =>
          !(
            expectedRefusals.includes(e.url) &&
            /^Failed to load resource: the server responded with a status of (404|422)\b/.test(e.text)
          ),
      );
      expect(unexpected, 'console errors').toEqual([]);
      expect(mock.violations, 'answers of the mock that break the contract').toEqual([]);
      console.log(
        `client browser test: scenario in Chromium took ${elapsedMs} ms, ${toMock.length} requests to the mock`,
      );
    });
  });
});

interface SeededDatabase {
  addonId: string;
  backups: { id: string }[];
  maintenance: { id: string }[];
}
