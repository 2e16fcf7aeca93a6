import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRERENDERED_TEMPLATE_ID,
  prerenderedOnlyAtRoot,
  ROOT_ROUTE_HASH,
} from '../scripts/lib/prerender.mjs';
import { readText, requireDist } from './support.js';

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

  it('is how the built reference page is written', () => {
    const html = readText(join(requireDist(), 'reference.html'));
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).not.toContain('<style data-styled');
    expect(html).toMatch(new RegExp(`<template id="${PRERENDERED_TEMPLATE_ID}"><style data-styled`));
    expect(html).toContain('<div id="redoc"></div>');
  });
});
