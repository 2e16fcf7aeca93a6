import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryPolicies } from '@scalingo-db-api/openapi/model';
import { describe, expect, it } from 'vitest';
import {
  discoverGuides,
  operationRoute,
  renderMarkdown,
  siteNav,
  specBlocks,
} from '../scripts/lib/pages.mjs';
import { listRegions, specPackageFiles } from '../scripts/lib/spec.mjs';
import { appDir, bundle, codeBlocks, readText, requireDist, typecheckSnippets } from './support.js';

const guidesDir = join(appDir, 'guides');

function withGuides(files: Record<string, string>, run: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'docs-guides-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('guides', () => {
  it('puts every guides/*.md page in the site navigation, in file-name order', () => {
    withGuides(
      {
        '02-b.md': '# Second\n\nText.',
        '01-a.md': '# First\n\nText.',
        'contract-changes.md': '# Contract changes\n',
      },
      (dir) => {
        const guides = discoverGuides(dir);
        expect(guides.map((g) => g.slug)).toEqual(['a', 'b', 'contract-changes']);
        expect(siteNav(guides, true).map((l) => l.href)).toEqual([
          'index.html',
          'reference.html',
          'a.html',
          'b.html',
          'contract-changes.html',
          'changelog.html',
        ]);
      },
    );
  });

  it('refuses a guide without a title or one that would overwrite a page of the site', () => {
    withGuides({ 'x.md': 'no title' }, (dir) =>
      expect(() => discoverGuides(dir)).toThrow('x.md has no "# Title"'),
    );
    withGuides({ '03-reference.md': '# Ref' }, (dir) =>
      expect(() => discoverGuides(dir)).toThrow('would overwrite the site'),
    );
  });

  it('links op:operationId to the operation in the reference and refuses unknown operations', () => {
    const doc = bundle();
    const html = renderMarkdown('See [it](op:getDatabase).', { source: 't.md', doc, guides: [] });
    expect(html).toContain(`href="reference.html${operationRoute('Databases', 'getDatabase')}"`);
    expect(() => renderMarkdown('[x](op:noSuchThing)', { source: 't.md', doc, guides: [] })).toThrow(
      't.md links to unknown operation "noSuchThing"',
    );
    expect(() => renderMarkdown('[x](missing.md)', { source: 't.md', doc, guides: [] })).toThrow(
      't.md links to missing.md, which is not a guide',
    );
  });

  it('refuses images and scripts from other hosts in a guide', () => {
    const doc = bundle();
    expect(() =>
      renderMarkdown('![logo](https://cdn.example.com/x.png)', { source: 'g.md', doc, guides: [] }),
    ).toThrow('shows an image from another host');
    expect(() =>
      renderMarkdown('<script src="https://cdn.example.com/x.js"></script>', {
        source: 'g.md',
        doc,
        guides: [],
      }),
    ).toThrow('embeds raw HTML that loads resources');
  });

  it('derives the region table from the servers of the spec', () => {
    const doc = bundle();
    const table = specBlocks(doc).regions?.() ?? '';
    for (const region of listRegions(doc)) {
      expect(table).toContain(`\`${region.region}\``);
      expect(table).toContain(`\`${region.url}\``);
    }
    const html = readText(join(requireDist(), 'regions.html'));
    for (const region of listRegions(doc)) expect(html).toContain(`<code>${region.url}</code>`);
  });

  it("derives the retry table from the spec's x-scalingo-retry, 500 not retried", () => {
    const doc = bundle();
    const policies = retryPolicies(doc);
    const table = specBlocks(doc).retries?.() ?? '';
    expect(table.split('\n')).toHaveLength(policies.length + 2);
    for (const { status, policy } of policies) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${status}\` |`));
      expect(row, String(status)).toContain(policy.advice);
      expect(row?.split(' | ')[1]?.startsWith(policy.retry ? 'yes' : 'no'), String(status)).toBe(true);
    }
    expect(table).toMatch(/^\| `500` \| no \|/m);
    expect(table).toMatch(/^\| `429` \| yes, if safe to repeat, after `Retry-After` when sent \|/m);
    const html = readText(join(requireDist(), 'errors-and-retries.html'));
    expect(html).not.toContain('spec:retries');
    for (const { status } of policies) expect(html).toContain(`<code>${status}</code>`);
  });

  it('type-checks every TypeScript block of the guides against the built packages', () => {
    const snippets: Record<string, string> = {};
    for (const guide of discoverGuides(guidesDir)) {
      codeBlocks(guide.markdown, ['ts', 'typescript']).forEach((block, i) => {
        snippets[`${guide.slug}-${i + 1}`] = block;
      });
    }
    expect(Object.keys(snippets).length).toBeGreaterThan(5);
    const result = typecheckSnippets(snippets);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('renders every guide, the changelog and the index into the built site', () => {
    const dist = requireDist();
    const guides = discoverGuides(guidesDir);
    const index = readText(join(dist, 'index.html'));
    for (const guide of guides) {
      const html = readText(join(dist, `${guide.slug}.html`));
      expect(html).toContain('<link rel="stylesheet" href="assets/site.css">');
      expect(index).toContain(`href="${guide.slug}.html"`);
    }
    expect(index).toContain('href="openapi.yaml"');
    expect(index).toContain('href="openapi.json"');
    expect(readText(join(dist, 'openapi.json'))).toBe(readText(specPackageFiles().json));
    expect(readText(join(dist, 'openapi.yaml'))).toBe(readText(specPackageFiles().yaml));
  });

  it('renders the spec package CHANGELOG.md as the Changelog page', () => {
    const changelog = readText(specPackageFiles().changelog);
    const html = readText(join(requireDist(), 'changelog.html'));
    const headings = [...changelog.matchAll(/^#{1,3}\s+(.+)$/gm)].map((m) => m[1] ?? '');
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings.slice(0, 5)) {
      const words = heading
        .replace(/[`*_[\]()]/g, '')
        .split(/\s+/)
        .filter((w) => /^[\w.@/-]+$/.test(w));
      for (const word of words) expect(html).toContain(word);
    }
    expect(readText(join(requireDist(), 'index.html'))).toContain('href="changelog.html"');
  });
});
