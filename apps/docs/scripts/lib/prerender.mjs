// @ts-check
// Redocly writes the reference page with markup pre-rendered for one route only, the root one
// (the API's introduction and the menu), and the styles of that markup (about 250 KB of CSS).
// On any other route, such as an operation's deep link (`reference.html#/databases/getdatabase`),
// Redoc renders something else: the browser would parse, style and lay out that markup for
// nothing before Redoc even starts, and React would then throw it away. The page keeps the
// markup and its styles in a <template>, and a small script puts them in place, before
// anything is painted, only when the route is the root one. On the other routes Redoc renders
// into an empty element, which its `hydrate` does without trying to hydrate.
//
// Redoc shows an operation about a second after navigation: it first runs its 2.2 MB bundle,
// prepares the whole description and renders with React. An operation's deep link therefore
// shows at once a preview written by the build: the operation's summary, method, path and
// description, laid out where Redoc puts them, beside (not inside) Redoc's element, and removed
// as soon as Redoc has rendered a heading of its own (or the route changes). Without Redoc's
// script (blocked, failed) the preview stays.
import { Marked } from 'marked';
import { escapeHtml, routeOfOperation } from './pages.mjs';
import { listOperations } from './spec.mjs';

export const PRERENDERED_TEMPLATE_ID = 'redoc-prerendered';
/** The id of the JSON script holding the operations' previews, keyed by route hash. */
export const OPERATION_PREVIEWS_ID = 'operation-previews';
/** The class of the element a preview is shown in (styled by assets/site.css). */
export const OPERATION_PREVIEW_CLASS = 'operation-preview';

/** Where the route is the root one: no hash, `#` or `#/`. */
export const ROOT_ROUTE_HASH = /^(?:#\/?)?$/;

/**
 * The preview of every operation of `doc`, keyed by its route's hash (see operationRoute): its
 * summary as a heading, its method and path, its description rendered from Markdown. Raw HTML
 * in a description is shown as text, not markup.
 * @param {any} doc the description the reference renders
 * @returns {Record<string, string>}
 */
export function operationPreviews(doc) {
  const marked = new Marked({ gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } });
  /** @type {Record<string, string>} */
  const previews = {};
  for (const { method, path, operation } of listOperations(doc)) {
    const description = operation.description
      ? /** @type {string} */ (marked.parse(operation.description, { async: false }))
      : '';
    previews[routeOfOperation(operation)] =
      `<h2>${escapeHtml(operation.summary ?? operation.operationId)}</h2>` +
      `<p class="${OPERATION_PREVIEW_CLASS}-endpoint"><span class="${OPERATION_PREVIEW_CLASS}-method">` +
      `${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></p>${description}`;
  }
  return previews;
}

/**
 * The scripts run where the template ends, before Redoc's module script runs: the pre-rendered
 * markup's own inline scripts (Redoc's choice of colour mode before the first paint) on every
 * route, since a script moved out of a template does not run; then the markup put in place at
 * the root route, or the route's preview shown at an operation's route.
 * @param {string[]} inlineScripts
 * @param {Record<string, string>} previews
 */
function restoreScript(inlineScripts, previews) {
  const early = inlineScripts.length > 0 ? `<script>${inlineScripts.join(';')}</script>\n` : '';
  // In a <script>, "</script" or "<!--" would end or change it: every "<" is escaped.
  const data = JSON.stringify(previews).replace(/</g, '\\u003c');
  return (
    early +
    `<script type="application/json" id="${OPERATION_PREVIEWS_ID}">${data}</script>\n` +
    `<script>(function(){var h=location.hash,r=document.getElementById("redoc");` +
    `if(${ROOT_ROUTE_HASH}.test(h)){` +
    `var t=document.getElementById(${JSON.stringify(PRERENDERED_TEMPLATE_ID)}).content;` +
    `var s=t.querySelector("style[data-styled]");if(s)document.head.appendChild(s);` +
    `r.appendChild(t);return}` +
    `var html=JSON.parse(document.getElementById(${JSON.stringify(OPERATION_PREVIEWS_ID)}).textContent)[h];` +
    `if(typeof html!=="string")return;` +
    `var p=document.createElement("div");p.className=${JSON.stringify(OPERATION_PREVIEW_CLASS)};` +
    `p.setAttribute("aria-busy","true");p.innerHTML=html;r.parentNode.insertBefore(p,r);` +
    `var o=new MutationObserver(function(){if(r.querySelector("h1,h2"))done()});` +
    `function done(){p.remove();o.disconnect();removeEventListener("hashchange",done)}` +
    `o.observe(r,{childList:true,subtree:true});addEventListener("hashchange",done)})()</script>\n`
  );
}

/**
 * The page with its pre-rendered markup used on the root route only, and a preview of the
 * operation at an operation's route (see the file's comment).
 * @param {string} html a page Redocly wrote: `<style data-styled>` in its head, the markup in
 *   `<div id="redoc">`, right before the module script that hydrates it
 * @param {Record<string, string>} [previews] HTML by route hash (see operationPreviews)
 */
export function prerenderedOnlyAtRoot(html, previews = {}) {
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
    restoreScript(inlineScripts, previews) +
    page.slice(end + '</div>'.length)
  );
}
