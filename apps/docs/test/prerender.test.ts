import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationRoute, routeOfOperation } from '../scripts/lib/pages.mjs';
import {
  OPERATION_PREVIEWS_ID,
  operationPreviews,
  PRERENDERED_TEMPLATE_ID,
  prerenderedOnlyAtRoot,
  ROOT_ROUTE_HASH,
} from '../scripts/lib/prerender.mjs';
import { operations, readText, requireDist } from './support.js';

/** The previews a page carries, read back from its JSON script. */
const previewsOf = (html: string): Record<string, string> => {
  const found = html.match(
    new RegExp(`<script type="application/json" id="${OPERATION_PREVIEWS_ID}">(.*?)</script>`),
  );
  if (!found) throw new Error('no previews in the page');
  return JSON.parse(found[1] as string);
};

const style = '<style data-styled="true" data-styled-version="6">.a{color:red}</style>';
const page = (markup: string, head = style) =>
  `<html><head><title>t</title>${head}</head><body><div id="redoc">${markup}</div>\n  <script type="module">hydrate()</script></body></html>`;
const colourMode = '<div hidden=""><script>document.documentElement.classList.add("light")</script></div>';

describe('pre-rendered markup used at the root route only', () => {
  it('keeps the markup and its styles in a template, and leaves Redoc an empty element', () => {
    const out = prerenderedOnlyAtRoot(page(`${colourMode}<main><h1>Intro</h1></main>`));
    const head = out.slice(0, out.indexOf('</head>'));
    expect(head).not.toContain('data-styled');
    const template = out.match(
      new RegExp(`<template id="${PRERENDERED_TEMPLATE_ID}">([\\s\\S]*?)</template>`),
    );
    expect(template?.[1]).toBe(`${style}${colourMode}<main><h1>Intro</h1></main>`);
    expect(out).toContain('<div id="redoc"></div>');
    // The empty element and both scripts come before the module script that hydrates.
    const moduleAt = out.indexOf('<script type="module">');
    expect(out.indexOf('<div id="redoc"></div>')).toBeLessThan(moduleAt);
    // The colour-mode script of the markup runs on every route, outside the template.
    const outside = out.slice(out.indexOf('</template>'), moduleAt);
    expect(outside).toContain('document.documentElement.classList.add("light")');
    expect(outside).toContain(`getElementById("${PRERENDERED_TEMPLATE_ID}")`);
    expect(out).toContain('<noscript>');
  });

  it('names the root route by its hash: none, "#" or "#/"', () => {
    for (const hash of ['', '#', '#/']) expect(ROOT_ROUTE_HASH.test(hash), hash).toBe(true);
    for (const hash of ['#/databases/getdatabase', '#/backups', '#tag/x']) {
      expect(ROOT_ROUTE_HASH.test(hash), hash).toBe(false);
    }
  });

  it('refuses a page whose shape it does not know, naming what is missing', () => {
    expect(() => prerenderedOnlyAtRoot(page('<h1>Intro</h1>', ''))).toThrow(
      'one <style data-styled> of pre-rendered styles, it has 0',
    );
    expect(() => prerenderedOnlyAtRoot(page('<h1>Intro</h1>', style + style))).toThrow('it has 2');
    const noModule = page('<h1>Intro</h1>').replace('type="module"', '');
    expect(() => prerenderedOnlyAtRoot(noModule)).toThrow('no <div id="redoc"> of pre-rendered markup');
    const between = page('<h1>Intro</h1>').replace('</div>\n', '</div><p>x</p>\n');
    expect(() => prerenderedOnlyAtRoot(between)).toThrow('right before its module script');
  });

  it("carries the operations' previews, escaped so that no text can end their script", () => {
    const previews = { '#/a/x': '<h2>A</h2><p>ends here: </script><script>alert(1)</script><!--</p>' };
    const out = prerenderedOnlyAtRoot(page('<h1>Intro</h1>'), previews);
    const json = out.slice(out.indexOf(`id="${OPERATION_PREVIEWS_ID}">`), out.indexOf('</script>'));
    expect(json).not.toContain('<');
    expect(previewsOf(out)).toEqual(previews);
    // The same script shows them, at any route but the root one.
    const restore = out.slice(out.indexOf('</template>'), out.indexOf('<script type="module">'));
    expect(restore).toContain(`getElementById("${OPERATION_PREVIEWS_ID}")`);
  });

  it('previews each operation: its summary, method and path, its description from Markdown', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things/{thing_id}': {
          get: {
            operationId: 'getThing',
            tags: ['Things'],
            summary: 'Get a <thing>',
            description: 'Returns **one** thing.\n\n<img src="x" onerror="alert(1)">',
            parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const previews = operationPreviews(doc);
    expect(Object.keys(previews)).toEqual([operationRoute('Things', 'getThing')]);
    const html = previews[operationRoute('Things', 'getThing')];
    expect(html).toContain('<h2>Get a &lt;thing&gt;</h2>');
    expect(html).toContain('GET</span> <code>/things/{thing_id}</code>');
    expect(html).toContain('<strong>one</strong>');
    // Raw HTML in a description is shown as text.
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=&quot;x&quot;');
  });

  it('is how the built reference page is written', () => {
    const html = readText(join(requireDist(), 'reference.html'));
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).not.toContain('<style data-styled');
    expect(html).toMatch(new RegExp(`<template id="${PRERENDERED_TEMPLATE_ID}"><style data-styled`));
    expect(html).toContain('<div id="redoc"></div>');
    // One preview per operation of the bundle, at its route.
    const routes = operations().map(({ operation }) => routeOfOperation(operation));
    expect(Object.keys(previewsOf(html)).sort()).toEqual(routes.sort());
  });
});
