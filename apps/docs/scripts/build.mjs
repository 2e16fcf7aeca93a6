// @ts-check
// Builds the documentation site into dist/:
//   reference.html   the API reference, rendered by Redocly from a decorated copy of the bundle,
//                    with Redoc's script in assets/redoc.standalone.js
//   <guide>.html     one page per guides/*.md; changelog.html from the spec package's CHANGELOG.md
//   index.html       links to everything; openapi.yaml and openapi.json to download
// Nothing in dist loads anything from another host: the build fails if a page would.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decorate } from './lib/decorate.mjs';
import { findFetchedUrls, integrity, makeOffline, offlineScript, REDOC_BUNDLE_PATH } from './lib/offline.mjs';
import {
  CONTENT_SECURITY_POLICY,
  discoverGuides,
  indexBody,
  layout,
  renderMarkdown,
  SITE_TITLE,
  siteHeader,
  siteNav,
} from './lib/pages.mjs';
import { precompress } from './lib/precompress.mjs';
import { operationPreviews, prerenderedOnlyAtRoot } from './lib/prerender.mjs';
import { loadBundle, specPackageFiles } from './lib/spec.mjs';

const require = createRequire(import.meta.url);
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the built client says about its facade: method names, and how it takes bodies. */
async function loadClientFacade() {
  /** @type {any} */
  let client;
  try {
    // Imported by name at run time: the docs take whatever the built client declares.
    const specifier = '@scalingo-db-api/client/meta';
    client = await import(specifier);
  } catch (error) {
    throw new Error(
      `docs: cannot import the built @scalingo-db-api/client (${error instanceof Error ? error.message : error}); build it first: pnpm turbo run build --filter @scalingo-db-api/client`,
    );
  }
  if (!client.facadeMethods || typeof client.facadeMethods !== 'object') {
    throw new Error(
      'docs: @scalingo-db-api/client/meta does not export facadeMethods (operationId → "group.method")',
    );
  }
  if (!client.operations || typeof client.operations !== 'object') {
    throw new Error('docs: @scalingo-db-api/client/meta does not export its operations table');
  }
  return { facadeMethods: client.facadeMethods, operations: client.operations };
}

const cliDir = dirname(require.resolve('@redocly/cli/package.json'));
/** The Redoc bundle the CLI ships: what its page imports from the CDN, or inlines. */
const REDOC_BUNDLE = join(cliDir, 'lib/chunks/redoc.standalone.js');

/**
 * @param {string} decoratedFile
 * @param {string} outputFile
 * @param {string} title
 */
function runRedocly(decoratedFile, outputFile, title) {
  const cli = join(cliDir, 'bin/cli.js');
  // Not --inlineBundle: the page imports Redoc as its own file (see localRedocBundle).
  const argv = [cli, 'build-docs', decoratedFile, '--config', join(appDir, 'redocly.yaml')];
  argv.push('--title', title, '--output', outputFile);
  try {
    execFileSync(process.execPath, argv, {
      cwd: appDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    });
  } catch (error) {
    const stderr = /** @type {{ stderr?: Buffer }} */ (error).stderr?.toString();
    throw new Error(`docs: redocly build-docs failed:\n${stderr ?? error}`);
  }
}

/**
 * @param {string} dir
 * @returns {string[]}
 */
function walkFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walkFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      spec: { type: 'string' },
      out: { type: 'string', default: join(appDir, 'dist') },
    },
  });
  const files = specPackageFiles();
  const specFile = args.spec ?? files.json;
  const yamlFile = specFile.replace(/\.json$/, '.yaml');
  const out = args.out ?? join(appDir, 'dist');
  const bundle = loadBundle(specFile);
  if (!existsSync(yamlFile)) throw new Error(`docs: ${yamlFile} is missing next to ${specFile}`);
  const version = String(bundle.info?.version ?? '');
  const decorated = decorate(bundle, await loadClientFacade());
  const guides = discoverGuides(join(appDir, 'guides'));
  const hasChangelog = existsSync(files.changelog);
  if (!hasChangelog) console.warn(`docs: warning: ${files.changelog} does not exist yet; no Changelog page`);
  const nav = siteNav(guides, hasChangelog);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(appDir, 'assets'), join(out, 'assets'), { recursive: true });
  cpSync(specFile, join(out, 'openapi.json'));
  cpSync(yamlFile, join(out, 'openapi.yaml'));

  // The API reference, from the decorated copy of the bundle.
  const work = mkdtempSync(join(tmpdir(), 'docs-build-'));
  try {
    const decoratedFile = join(work, 'openapi.json');
    writeFileSync(decoratedFile, JSON.stringify(decorated));
    const rawFile = join(work, 'reference.html');
    runRedocly(decoratedFile, rawFile, `API reference · ${SITE_TITLE}`);
    if (!existsSync(REDOC_BUNDLE)) throw new Error(`docs: the Redoc bundle is not at ${REDOC_BUNDLE}`);
    const script = offlineScript(readFileSync(REDOC_BUNDLE, 'utf8'));
    writeFileSync(join(out, REDOC_BUNDLE_PATH), script);
    const html = makeOffline(readFileSync(rawFile, 'utf8'), {
      headerHtml: siteHeader(nav, 'reference.html'),
      cspMeta: `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
      bundleIntegrity: integrity(script),
    });
    writeFileSync(join(out, 'reference.html'), prerenderedOnlyAtRoot(html, operationPreviews(decorated)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // Guides, changelog, index.
  for (const guide of guides) {
    const body = renderMarkdown(guide.markdown, { source: `guides/${guide.file}`, doc: bundle, guides });
    const page = layout({ title: guide.title, body, nav, current: `${guide.slug}.html`, version });
    writeFileSync(join(out, `${guide.slug}.html`), page);
  }
  if (hasChangelog) {
    const body = renderMarkdown(readFileSync(files.changelog, 'utf8'), {
      source: 'spec/CHANGELOG.md',
      doc: bundle,
      guides,
    });
    const page = layout({
      title: 'Changelog',
      body: `<div class="changelog">${body}</div>`,
      nav,
      current: 'changelog.html',
      version,
    });
    writeFileSync(join(out, 'changelog.html'), page);
  }
  const home = indexBody({ doc: bundle, guides, hasChangelog, nav });
  writeFileSync(
    join(out, 'index.html'),
    layout({ title: SITE_TITLE, body: home, nav, current: 'index.html', version }),
  );

  // Nothing the browser loads may come from another host.
  const findings = walkFiles(out)
    .filter((f) => ['.html', '.css', '.js', '.svg'].includes(extname(f)))
    .flatMap((f) =>
      findFetchedUrls(readFileSync(f, 'utf8')).map((x) => `  ${relative(out, f)}: ${x.url} (${x.reason})`),
    );
  if (findings.length > 0)
    throw new Error(`docs: these URLs on other hosts would be fetched:\n${findings.join('\n')}`);

  // Precompressed copies of the large files, for servers that send them as they are.
  const compressed = precompress(walkFiles(out));
  /** `name 637 KB (br 82 KB, gzip 106 KB)` for a file of dist. */
  const sizes = (/** @type {string} */ name) => {
    const c = compressed.find((x) => relative(out, x.file) === name);
    const kb = (/** @type {number} */ n) => Math.round(n / 1024);
    return `${name} ${kb(statSync(join(out, name)).size)} KB (br ${kb(c?.br ?? 0)} KB, gzip ${kb(c?.gz ?? 0)} KB)`;
  };
  const pages = guides.length + (hasChangelog ? 1 : 0) + 2;
  console.log(
    `docs: ${pages} pages (${guides.length} guides), ${sizes('reference.html')} and its script` +
      ` ${sizes(REDOC_BUNDLE_PATH)}, ${compressed.length} files precompressed -> ${out}`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
