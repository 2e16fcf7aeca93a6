// @ts-check
// The static pages around the API reference: guides written in Markdown, the changelog and
// the index, all in one layout with one local stylesheet.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { retryPolicies } from '@scalingo-db-api/openapi/model';
import { Marked } from 'marked';
import { listOperations, listRegions } from './spec.mjs';

export const SITE_TITLE = 'Scalingo Database API';
/** Page names the build writes itself; a guide may not take them. */
const RESERVED = new Set(['index', 'reference', 'changelog', 'openapi']);

/**
 * Pages may load nothing from another host: the browser enforces it too. Redoc's inline
 * scripts and styles need 'unsafe-inline'; its images and fonts may be data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The stylesheet and the icon every page links to (both in assets/, copied by the build). */
export const SITE_HEAD_LINKS =
  '<link rel="stylesheet" href="assets/site.css">\n<link rel="icon" type="image/svg+xml" href="assets/favicon.svg">';

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** @param {string} text */
export function slugify(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The route of an operation in the Redoc page (its hash: tag slug, then operationId).
 * @param {string} tag
 * @param {string} operationId
 */
export function operationRoute(tag, operationId) {
  return `#/${slugify(tag)}/${operationId.toLowerCase()}`;
}

/**
 * The tag an operation is listed under in the reference: its first one (Redoc's "default" when
 * it has none).
 * @param {{ tags?: string[] }} operation
 */
const firstTag = (operation) => operation.tags?.[0] ?? 'default';

/**
 * The route of an operation object, under its first tag.
 * @param {{ operationId: string, tags?: string[] }} operation
 */
export function routeOfOperation(operation) {
  return operationRoute(firstTag(operation), operation.operationId);
}

/**
 * @typedef {{ file: string, slug: string, title: string, summary: string, markdown: string }} Guide
 */

/**
 * The guides in a folder, in file-name order; a leading "NN-" orders them and is not part of
 * the page name.
 * @param {string} dir
 * @returns {Guide[]}
 */
export function discoverGuides(dir) {
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md'));
  } catch {
    return [];
  }
  names.sort();
  const bySlug = new Map();
  return names.map((file) => {
    const slug = file.replace(/\.md$/, '').replace(/^\d+-/, '');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
      throw new Error(
        `docs: guide ${file}: page name "${slug}" must be lower-case letters, digits and hyphens`,
      );
    }
    if (RESERVED.has(slug))
      throw new Error(`docs: guide ${file} would overwrite the site's own page ${slug}.html`);
    if (bySlug.has(slug))
      throw new Error(`docs: guides ${bySlug.get(slug)} and ${file} both become ${slug}.html`);
    bySlug.set(slug, file);
    const markdown = readFileSync(join(dir, file), 'utf8');
    const title = markdown.match(/^#\s+(.+?)\s*#*\s*$/m)?.[1];
    if (!title) throw new Error(`docs: guide ${file} has no "# Title" heading`);
    return { file, slug, title: stripInlineMarkdown(title), summary: firstParagraph(markdown), markdown };
  });
}

/** @param {string} text */
function stripInlineMarkdown(text) {
  return text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*?([^*]+)\*\*?/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** The first paragraph after the title, in plain text. @param {string} markdown */
function firstParagraph(markdown) {
  const blocks = markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/\n\s*\n/)
    .map((b) => b.trim());
  const para = blocks.find((b) => b !== '' && !/^(#|```|\||>|- |\* |\d+\. |<)/.test(b));
  if (!para) return '';
  const text = stripInlineMarkdown(para.replace(/\s+/g, ' '));
  // The first sentence: a period followed by a space and a capital letter ends it.
  const end = text.search(/[.!?:](?=\s+[A-Z`@])/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/**
 * Spec-derived blocks a guide may ask for with a comment, e.g. `<!-- spec:regions -->`.
 * @param {any} doc
 * @returns {Record<string, () => string>}
 */
export function specBlocks(doc) {
  return {
    regions: () => {
      const rows = listRegions(doc).map((r) => `| \`${r.region}\` | ${r.description} | \`${r.url}\` |`);
      return ['| Region | Server (host and token) | Base URL |', '| --- | --- | --- |', ...rows].join('\n');
    },
    // One row per error status a client meets (`x-scalingo-retry`), in status order.
    retries: () => {
      const rows = retryPolicies(doc).map(({ status, policy }) => {
        const retried = !policy.retry
          ? 'no'
          : `yes${policy.idempotentOnly ? ', if safe to repeat' : ''}${policy.retryAfter ? ', after `Retry-After` when sent' : ''}`;
        return `| \`${status}\` | ${retried} | ${policy.advice.replaceAll('|', '\\|')} |`;
      });
      return ['| Status | Retry on its own | What to do |', '| --- | --- | --- |', ...rows].join('\n');
    },
    'region-hosts': () =>
      listRegions(doc)
        .map((r) => `- \`${r.region}\`: \`${r.url}\``)
        .join('\n'),
  };
}

/**
 * Renders one Markdown page to HTML, checking and rewriting its links:
 * `op:operationId` → the operation in the reference, `NN-name.md` → `name.html`.
 * @param {string} markdown
 * @param {{ source: string, doc: any, guides: Guide[] }} context
 */
export function renderMarkdown(markdown, context) {
  const blocks = specBlocks(context.doc);
  const expanded = markdown.replace(/<!--\s*spec:([a-z-]+)\s*-->/g, (_, name) => {
    const block = blocks[name];
    if (!block) throw new Error(`docs: ${context.source} asks for unknown spec block "${name}"`);
    return block();
  });
  const operations = new Map(
    listOperations(context.doc).map((op) => [op.operation.operationId, op.operation]),
  );
  // A guide is linked by its file name (`02-regions.md`) or its page name (`regions.md`).
  const guideFiles = new Map(
    context.guides.flatMap((g) => [
      [g.file, g.slug],
      [`${g.slug}.md`, g.slug],
    ]),
  );

  /** @param {string} href */
  const rewrite = (href) => {
    if (href.startsWith('op:')) {
      const id = href.slice(3);
      const op = operations.get(id);
      if (!op) throw new Error(`docs: ${context.source} links to unknown operation "${id}"`);
      return `reference.html${routeOfOperation(op)}`;
    }
    const md = href.match(/^(?:\.\/)?([^/:#?]+\.md)(#.*)?$/);
    if (md) {
      const file = /** @type {string} */ (md[1]);
      if (file === 'CHANGELOG.md') return `changelog.html${md[2] ?? ''}`;
      const slug = guideFiles.get(file);
      if (!slug) throw new Error(`docs: ${context.source} links to ${file}, which is not a guide`);
      return `${slug}.html${md[2] ?? ''}`;
    }
    return href;
  };

  const usedIds = new Map();
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type === 'link') token.href = rewrite(token.href);
      if (token.type === 'image' && /^[a-z]+:/i.test(token.href)) {
        throw new Error(
          `docs: ${context.source} shows an image from another host (${token.href}); ship it in assets/`,
        );
      }
      if (token.type === 'html' && /<(script|iframe|link|img)\b/i.test(token.raw)) {
        throw new Error(
          `docs: ${context.source} embeds raw HTML that loads resources: ${token.raw.trim().slice(0, 60)}`,
        );
      }
    },
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        const base = slugify(inner) || 'section';
        const n = usedIds.get(base) ?? 0;
        usedIds.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        return `<h${depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true">#</a>${inner}</h${depth}>\n`;
      },
    },
  });
  return /** @type {string} */ (marked.parse(expanded, { async: false }));
}

/**
 * @typedef {{ href: string, label: string }} NavLink
 */

/**
 * The site navigation: home, reference, every guide, the changelog, downloads.
 * @param {Guide[]} guides
 * @param {boolean} hasChangelog
 * @returns {NavLink[]}
 */
export function siteNav(guides, hasChangelog) {
  return [
    { href: 'index.html', label: 'Home' },
    { href: 'reference.html', label: 'API reference' },
    ...guides.map((g) => ({ href: `${g.slug}.html`, label: g.title })),
    ...(hasChangelog ? [{ href: 'changelog.html', label: 'Changelog' }] : []),
  ];
}

/**
 * The site header (also injected into the Redoc page).
 * @param {NavLink[]} nav
 * @param {string} current
 */
export function siteHeader(nav, current) {
  const links = nav
    .filter((l) => l.href !== 'index.html')
    .map(
      (l) =>
        `<a href="${l.href}"${l.href === current ? ' aria-current="page"' : ''}>${escapeHtml(l.label)}</a>`,
    )
    .join('');
  return `<header class="site-header"><a class="site-brand" href="index.html">${SITE_TITLE}</a><nav class="site-nav" aria-label="Site">${links}</nav></header>`;
}

/**
 * A complete page in the site's layout.
 * @param {{ title: string, body: string, nav: NavLink[], current: string, version: string }} page
 */
export function layout(page) {
  const title = page.title === SITE_TITLE ? SITE_TITLE : `${page.title} · ${SITE_TITLE}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
${SITE_HEAD_LINKS}
</head>
<body>
${siteHeader(page.nav, page.current)}
<main class="page">
${page.body}
</main>
<footer class="site-footer">Built from version ${escapeHtml(page.version)} of the OpenAPI description · <a href="openapi.yaml">openapi.yaml</a> · <a href="openapi.json">openapi.json</a></footer>
</body>
</html>
`;
}

/**
 * The home page: what the site holds, with a link to everything.
 * @param {{ doc: any, guides: Guide[], hasChangelog: boolean, nav: NavLink[] }} input
 */
export function indexBody({ doc, guides, hasChangelog }) {
  const ops = listOperations(doc);
  /** @type {Map<string, number>} */
  const perTag = new Map();
  for (const op of ops) {
    const tag = firstTag(op.operation);
    perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
  }
  const tags = (doc.tags ?? [])
    .filter((/** @type {any} */ t) => perTag.has(t.name))
    .map(
      (/** @type {any} */ t) =>
        `<li><a href="reference.html#/${slugify(t.name)}">${escapeHtml(t.name)}</a> <span class="count">${perTag.get(t.name)}</span></li>`,
    )
    .join('\n');
  const guideItems = guides
    .map(
      (g) =>
        `<li><a href="${g.slug}.html">${escapeHtml(g.title)}</a>${g.summary ? `<p>${escapeHtml(g.summary)}</p>` : ''}</li>`,
    )
    .join('\n');
  const regions = listRegions(doc)
    .map((r) => `<li><code>${escapeHtml(r.region)}</code> <code class="url">${escapeHtml(r.url)}</code></li>`)
    .join('\n');
  return `<h1>${escapeHtml(doc.info?.title ?? SITE_TITLE)}</h1>
<p class="lead">${escapeHtml(doc.info?.summary ?? '')}</p>
<div class="cards">
<section class="card">
<h2><a href="reference.html">API reference</a></h2>
<p>${ops.length} operations, with request and response examples and code samples in curl and TypeScript.</p>
<ul class="tags">
${tags}
</ul>
</section>
<section class="card">
<h2>Guides</h2>
<ul class="guides">
${guideItems}
</ul>
</section>
<section class="card">
<h2>Contract</h2>
<p>Version ${escapeHtml(String(doc.info?.version ?? ''))} of the OpenAPI 3.1 description.</p>
<ul>
<li><a href="openapi.yaml" download>Download openapi.yaml</a></li>
<li><a href="openapi.json" download>Download openapi.json</a></li>
${hasChangelog ? '<li><a href="changelog.html">Changelog</a></li>' : ''}
</ul>
</section>
<section class="card card-wide">
<h2>Regions</h2>
<ul class="regions">
${regions}
</ul>
</section>
</div>`;
}
