// @ts-check
// Redocly writes the reference page with markup pre-rendered for one route only, the root one
// (the API's introduction and the menu), and the styles of that markup (about 250 KB of CSS).
// On any other route, such as an operation's deep link (`reference.html#/databases/getdatabase`),
// Redoc renders something else: the browser would parse, style and lay out that markup for
// nothing before Redoc even starts, and React would then throw it away. The page keeps the
// markup and its styles in a <template>, and a small script puts them in place, before
// anything is painted, only when the route is the root one. On the other routes Redoc renders
// into an empty element, which its `hydrate` does without trying to hydrate.

export const PRERENDERED_TEMPLATE_ID = 'redoc-prerendered';

/** Where the route is the root one: no hash, `#` or `#/`. */
export const ROOT_ROUTE_HASH = /^(?:#\/?)?$/;

/**
 * The restoring script (run where the template ends, before Redoc's module script runs).
 * The pre-rendered markup's own inline scripts (Redoc's choice of colour mode before the first
 * paint) are run on every route: a script moved out of a template does not run.
 * @param {string[]} inlineScripts
 */
function restoreScript(inlineScripts) {
  const early = inlineScripts.length > 0 ? `<script>${inlineScripts.join(';')}</script>\n` : '';
  return (
    early +
    `<script>(function(){if(!${ROOT_ROUTE_HASH}.test(location.hash))return;` +
    `var t=document.getElementById(${JSON.stringify(PRERENDERED_TEMPLATE_ID)}).content;` +
    `var s=t.querySelector("style[data-styled]");if(s)document.head.appendChild(s);` +
    `document.getElementById("redoc").appendChild(t)})()</script>\n`
  );
}

/**
 * The page with its pre-rendered markup used on the root route only (see the file's comment).
 * @param {string} html a page Redocly wrote: `<style data-styled>` in its head, the markup in
 *   `<div id="redoc">`, right before the module script that hydrates it
 */
export function prerenderedOnlyAtRoot(html) {
  const styles = [...html.matchAll(/<style data-styled="true"[^>]*>[\s\S]*?<\/style>/g)];
  if (styles.length !== 1) {
    throw new Error(
      `docs: the Redoc page should have one <style data-styled> of pre-rendered styles, it has ${styles.length}`,
    );
  }
  const style = /** @type {RegExpMatchArray} */ (styles[0])[0];
  // The styles leave the head for the template; the markup is found in what remains.
  const page = html.replace(style, () => '');
  const open = '<div id="redoc">';
  const start = page.indexOf(open);
  const moduleAt = page.search(/<script\b[^>]*type="module"/);
  const end = moduleAt === -1 ? -1 : page.lastIndexOf('</div>', moduleAt);
  if (start === -1 || end < start || page.slice(end + '</div>'.length, moduleAt).trim() !== '') {
    throw new Error(
      'docs: the Redoc page has no <div id="redoc"> of pre-rendered markup right before its module script',
    );
  }
  const markup = page.slice(start + open.length, end);
  const inlineScripts = [...markup.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  return (
    page.slice(0, start) +
    `<template id="${PRERENDERED_TEMPLATE_ID}">${style}${markup}</template>` +
    `<noscript><p class="noscript">The API reference needs JavaScript. Without it, read the ` +
    `OpenAPI description itself: <a href="openapi.yaml">openapi.yaml</a>, ` +
    `<a href="openapi.json">openapi.json</a>.</p></noscript>\n` +
    `${open}</div>\n` +
    restoreScript(inlineScripts) +
    page.slice(end + '</div>'.length)
  );
}
