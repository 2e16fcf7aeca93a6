import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findFetchedUrls,
  hashRouterLinks,
  integrity,
  localRedocBundle,
  makeOffline,
  offlineScript,
  REDOC_BUNDLE_PATH,
  REWRITES,
} from '../scripts/lib/offline.mjs';
import { readText, requireDist } from './support.js';

const chrome = {
  headerHtml: '<header>site</header>',
  cspMeta: '<meta http-equiv="Content-Security-Policy" content="x">',
};
const redocPage = (body: string, options = '{"disableTelemetry":true}') =>
  `<!DOCTYPE html><html><head><meta charset="utf8" /><title>t</title></head><body>${body}<script type="module">const __redoc_options = ${options};</script></body></html>`;

describe('finding URLs that would be fetched', () => {
  it('flags URLs in loading positions and on CDN hosts', () => {
    const text = [
      '<img src="https://img.example.com/a">',
      '<link rel="stylesheet" href="https://styles.example.com/site">',
      '<style>@import url("https://fonts.googleapis.com/css2?family=Inter");</style>',
      'x={src:e?`https://cdn.redoc.ly/redoc/logo-mini.svg`:null}',
      'fetch("https://telemetry.example.com/v1")',
      '![diagram](https://pics.example.com/d)',
      'a = "https://assets.example.com/app.js"',
    ].join('\n');
    expect(findFetchedUrls(text).map((f) => f.reason)).toEqual([
      'in a src attribute',
      "in a <link>'s href",
      'fonts.googleapis.com only serves resources to load',
      'cdn.redoc.ly only serves resources to load',
      'passed to a loading function',
      'a Markdown image',
      'names a static asset',
    ]);
  });

  it('lets plain links, namespaces and example data through', () => {
    const text = [
      '<a href="https://redocly.com/redoc/">API docs by</a>',
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      '{"logo_url":"https://cdn.scalingo.com/databases/postgresql.svg"}',
      'see https://db-api.osc-fr1.scalingo.com/api for the API',
    ].join('\n');
    expect(findFetchedUrls(text)).toEqual([]);
  });
});

describe('making the Redoc page self-contained', () => {
  it('replaces the attribution logo from the CDN by a local file and adds the site header', () => {
    const html = makeOffline(
      redocPage('<img src="x">;var u=`https://cdn.redoc.ly/redoc/logo-mini-full.svg`'),
      chrome,
    );
    expect(html).not.toContain('cdn.redoc.ly');
    expect(html).toContain('assets/redocly-attribution-full.svg');
    expect(html).toMatch(/<meta charset="utf8" \/>\s*<meta http-equiv="Content-Security-Policy"/);
    expect(html).toContain('<body class="reference">\n<header>site</header>');
  });

  it('refuses a page whose telemetry is not off', () => {
    expect(() => makeOffline(redocPage('', '{}'), chrome)).toThrow('does not turn telemetry off');
  });

  it('refuses a page that still loads from another host', () => {
    expect(() =>
      makeOffline(redocPage('<script src="https://evil.example.com/x.js"></script>'), chrome),
    ).toThrow('would still fetch from other hosts');
  });

  it('gives pre-rendered router links their hash form, outside the scripts only', () => {
    const html = hashRouterLinks(
      '<a class="c" href="/backups" data-discover="true">B</a><a href="/x.html">X</a><script type="module">"href=\\"/keep\\" data-discover"</script>',
    );
    expect(html).toContain('<a class="c" href="#/backups" data-discover="true">');
    expect(html).toContain('<a href="/x.html">');
    expect(html).toContain('href=\\"/keep\\"');
  });
});

describe("loading Redoc from the site's own copy", () => {
  const cdn = 'https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js';
  const cdnPage = (body = '') =>
    `<!DOCTYPE html><html><head><meta charset="utf8" /><link rel="modulepreload" href="${cdn}" integrity="sha384-cdn" crossorigin="anonymous" /></head><body>${body}<script type="module">import { hydrate } from "${cdn}";const __redoc_options = {"disableTelemetry":true};</script></body></html>`;

  it('points the preload (with the integrity of the copy) and the import at the copy', () => {
    const html = localRedocBundle(cdnPage(), 'sha384-copy');
    expect(html).toContain(
      `<link rel="modulepreload" href="${REDOC_BUNDLE_PATH}" integrity="sha384-copy" crossorigin="anonymous" />`,
    );
    expect(html).toContain(`import { hydrate } from "./${REDOC_BUNDLE_PATH}";`);
    expect(html).not.toContain('cdn.redocly.com');
    expect(makeOffline(cdnPage(), { ...chrome, bundleIntegrity: 'sha384-copy' })).not.toContain(
      'cdn.redocly.com',
    );
  });

  it('refuses a page that imports the bundle when no integrity of the copy is given, or has no preload', () => {
    expect(() => makeOffline(cdnPage(), chrome)).toThrow('no integrity of its copy');
    expect(() => localRedocBundle(cdnPage().replace(/<link rel="modulepreload"[^>]*>/, ''), 'x')).toThrow(
      'no <link rel="modulepreload">',
    );
  });

  it('rewrites the copy of the script like the page, and states its integrity as SRI does', () => {
    const script = offlineScript(
      'a=`https://cdn.redoc.ly/redoc/logo-mini.svg`;b="https://otel.cloud.redocly.com/v1/traces"',
    );
    expect(script).toBe('a=`assets/redocly-attribution.svg`;b=""');
    // echo -n abc | openssl dgst -sha384 -binary | base64
    expect(integrity('abc')).toBe('sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn');
  });
});

describe('the built site', () => {
  it('has no URL on another host that a browser would fetch, in any page, stylesheet or image', () => {
    const dist = requireDist();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    const files = walk(dist).filter((f) => ['.html', '.css', '.js', '.svg'].includes(extname(f)));
    expect(files.map((f) => f.slice(dist.length + 1))).toEqual(
      expect.arrayContaining(['reference.html', 'index.html']),
    );
    const findings = files.flatMap((f) =>
      findFetchedUrls(readText(f)).map((x) => `${f}: ${x.url} (${x.reason})`),
    );
    expect(findings).toEqual([]);
  });

  it('turns Redoc telemetry off and no longer names the CDN or the telemetry collector', () => {
    const html = readText(join(requireDist(), 'reference.html'));
    expect(html).toMatch(/__redoc_options = \{[^}]*"disableTelemetry":true/);
    for (const { from } of REWRITES) expect(html).not.toContain(from);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it("imports Redoc from the site's copy, whose integrity the preload states, instead of inlining it", () => {
    const html = readText(join(requireDist(), 'reference.html'));
    const script = readText(join(requireDist(), REDOC_BUNDLE_PATH));
    expect(html).toContain(`import { hydrate } from "./${REDOC_BUNDLE_PATH}"`);
    expect(html).toContain(
      `<link rel="modulepreload" href="${REDOC_BUNDLE_PATH}" integrity="${integrity(script)}"`,
    );
    expect(script).toMatch(/export\s*\{\s*RedocStandalone,\s*hydrate,\s*init\s*\}/);
    expect(html).not.toContain('RedocStandalone');
    for (const { from } of REWRITES) expect(script).not.toContain(from);
  });
});
