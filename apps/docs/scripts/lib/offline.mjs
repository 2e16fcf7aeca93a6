// @ts-check
// Makes the page Redocly writes load nothing from another host, and finds the URLs in a
// built file that a browser would fetch.
import { createHash } from 'node:crypto';
import { SITE_HEAD_LINKS } from './pages.mjs';

/**
 * What the Redoc bundle would fetch from Redocly's hosts, and what it loads instead. The
 * attribution logo becomes a local file; icon packs (only used by configured icons) point
 * at a local folder; the telemetry collector is off (see `disableTelemetry`) and its URL goes.
 */
export const REWRITES = [
  { from: 'https://cdn.redoc.ly/redoc/logo-mini-full.svg', to: 'assets/redocly-attribution-full.svg' },
  { from: 'https://cdn.redoc.ly/redoc/logo-mini.svg', to: 'assets/redocly-attribution.svg' },
  { from: 'https://cdn.redocly.com/icons/fa/', to: 'assets/icons/fa/' },
  { from: 'https://cdn.redocly.com/icons/code/', to: 'assets/icons/code/' },
  { from: 'https://otel.cloud.redocly.com/v1/traces', to: '' },
];

/** Hosts that only serve things to load (scripts, styles, fonts, images, telemetry). */
export const FETCH_ONLY_HOSTS = [
  'cdn.redoc.ly',
  'cdn.redocly.com',
  'otel.cloud.redocly.com',
  'fonts.googleapis.com',
  'fonts.gstatic.com',
  'unpkg.com',
  'cdn.jsdelivr.net',
  'cdnjs.cloudflare.com',
];

/**
 * Where the page Redocly writes (without `--inlineBundle`) imports Redoc from, in its
 * `<link rel="modulepreload">` and in its module script; the site ships its own copy instead.
 */
export const REDOC_CDN_BUNDLE =
  /https:\/\/cdn\.redocly\.com\/redoc\/v[\w.-]+\/bundles\/redoc\.standalone\.js/g;
/** The site's copy of the Redoc bundle, relative to the reference page. */
export const REDOC_BUNDLE_PATH = 'assets/redoc.standalone.js';

/**
 * A file made self-contained by the REWRITES: Redoc's script, and the page (see makeOffline).
 * @param {string} script
 */
export function offlineScript(script) {
  let out = script;
  for (const { from, to } of REWRITES) out = out.split(from).join(to);
  return out;
}

/** The Subresource Integrity value of a file's contents (what `integrity=""` holds). */
export function integrity(/** @type {string | Buffer} */ contents) {
  return `sha384-${createHash('sha384').update(contents).digest('base64')}`;
}

/**
 * Points the page at the site's copy of the Redoc bundle: the module preload (with the
 * integrity of that copy) and the import. The page loads it as a separate file, which Chromium
 * compiles off the main thread while it parses the page, instead of an inline script of MBs
 * that it compiles on the main thread once parsed.
 * @param {string} html
 * @param {string} bundleIntegrity
 */
export function localRedocBundle(html, bundleIntegrity) {
  const preload = html.match(/<link rel="modulepreload" href="([^"]+)" integrity="[^"]*"/);
  if (!preload || !new RegExp(REDOC_CDN_BUNDLE.source).test(preload[1] ?? '')) {
    throw new Error('docs: the Redoc page has no <link rel="modulepreload"> of the Redoc bundle');
  }
  if (!/import \{ hydrate \} from "https:\/\/cdn\.redocly\.com\//.test(html)) {
    throw new Error('docs: the Redoc page does not import hydrate from the Redoc bundle');
  }
  return html
    .replace(
      preload[0],
      `<link rel="modulepreload" href="${REDOC_BUNDLE_PATH}" integrity="${bundleIntegrity}"`,
    )
    .replace(REDOC_CDN_BUNDLE, `./${REDOC_BUNDLE_PATH}`);
}

const URL_RE = /(?:https?:)?\/\/[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s"'`<>)\\]*)?/g;
/** A value in JSON data (the embedded OpenAPI description): shown as text, not loaded. */
const JSON_VALUE = /(?:":\s*\[?\s*|",\s*|\[\s*)"$/;
const ASSET_EXT = /\.(?:m?js|css|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|eot)(?:[?#]|$)/i;

/**
 * @typedef {{ url: string, reason: string, context: string }} Finding
 */

/**
 * The URLs in a built text file that point at another host and would be fetched: those in a
 * loading position (src, srcset, the href of a link element, CSS url() or import, fetch(), a
 * Markdown image), those naming a static asset, and anything on a host that only serves loads.
 * Plain links (<a href>, documentation strings, XML namespaces) are not fetched.
 * @param {string} text
 * @returns {Finding[]}
 */
export function findFetchedUrls(text) {
  /** @type {Finding[]} */
  const findings = [];
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0];
    const at = /** @type {number} */ (match.index);
    const before = text.slice(Math.max(0, at - 80), at);
    const context = text.slice(Math.max(0, at - 60), at + url.length + 20).replace(/\s+/g, ' ');
    const host =
      url
        .replace(/^(?:https?:)?\/\//, '')
        .split(/[/:?#]/)[0]
        ?.toLowerCase() ?? '';
    if (host === 'www.w3.org' && /xmlns|namespace|svg|MathML|XLink/i.test(url + before)) continue;
    let reason;
    if (FETCH_ONLY_HOSTS.includes(host)) reason = `${host} only serves resources to load`;
    else if (/\b(?:src|srcset|poster|data)\s*[=:]\s*\{?\s*["'`]?\s*$/i.test(before))
      reason = 'in a src attribute';
    else if (/<link\b[^>]*\bhref\s*=\s*["']?$/i.test(before)) reason = "in a <link>'s href";
    else if (/(?:url\(\s*["']?|@import\s+(?:url\(\s*)?["']?)$/i.test(before))
      reason = 'in CSS url() or @import';
    else if (/(?:fetch|import|importScripts|sendBeacon|EventSource|WebSocket)\(\s*["'`]$/.test(before)) {
      reason = 'passed to a loading function';
    } else if (/!\[[^\]]*\]\($/.test(before)) reason = 'a Markdown image';
    else if (ASSET_EXT.test(url) && !/href\s*[=:]\s*["'`]?$/i.test(before) && !JSON_VALUE.test(before)) {
      reason = 'names a static asset';
    }
    if (reason) findings.push({ url, reason, context });
  }
  return findings;
}

/**
 * Redoc routes with the URL's hash (`reference.html#/backups`), but its pre-rendered markup
 * links the routes as paths (`href="/backups"`), and hydration keeps those: opened in a new
 * tab, such a link leads to a page that does not exist. The pre-rendered router links (marked
 * `data-discover`) get their hash form.
 * @param {string} html
 */
export function hashRouterLinks(html) {
  const scriptAt = html.search(/<script\b[^>]*type="module"/);
  const markup = scriptAt === -1 ? html : html.slice(0, scriptAt);
  const rest = scriptAt === -1 ? '' : html.slice(scriptAt);
  const fixed = markup.replace(/<a\b[^>]*>/g, (tag) =>
    tag.includes('data-discover') ? tag.replace(/\bhref="\/(?!\/)/, 'href="#/') : tag,
  );
  return fixed + rest;
}

/**
 * The page Redocly wrote, made self-contained. A page that imports Redoc from the CDN gets the
 * site's copy instead, which `chrome.bundleIntegrity` describes.
 * @param {string} html
 * @param {{ headerHtml: string, cspMeta: string, bundleIntegrity?: string }} chrome
 */
export function makeOffline(html, chrome) {
  const importsRedoc = new RegExp(REDOC_CDN_BUNDLE.source).test(html);
  if (importsRedoc && !chrome.bundleIntegrity) {
    throw new Error('docs: the Redoc page imports the Redoc bundle, but no integrity of its copy was given');
  }
  let out = offlineScript(importsRedoc ? localRedocBundle(html, chrome.bundleIntegrity ?? '') : html);
  if (!/__redoc_options\s*=\s*\{[^}]*"disableTelemetry":true/.test(out)) {
    throw new Error(
      'docs: the Redoc page does not turn telemetry off (expected "disableTelemetry":true in its options)',
    );
  }
  if (!out.includes('<head>') || !/<body>/.test(out))
    throw new Error('docs: the Redoc page has no <head> or <body>');
  const head = `\n  ${chrome.cspMeta}\n  <meta name="referrer" content="no-referrer">\n  ${SITE_HEAD_LINKS.replace('\n', '\n  ')}`;
  const charset = out.match(/<meta charset=[^>]*>/);
  out = charset ? out.replace(charset[0], `${charset[0]}${head}`) : out.replace('<head>', `<head>${head}`);
  out = hashRouterLinks(out);
  out = out.replace(/<body>/, `<body class="reference">\n${chrome.headerHtml}`);
  const left = findFetchedUrls(out);
  if (left.length > 0) {
    const list = left.map((f) => `  ${f.url} (${f.reason}): …${f.context}…`).join('\n');
    throw new Error(`docs: the Redoc page would still fetch from other hosts:\n${list}`);
  }
  return out;
}
