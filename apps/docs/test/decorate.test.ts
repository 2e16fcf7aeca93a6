import { describe, expect, it } from 'vitest';
import { decorate, discrepancyCallouts, EVIDENCE_LABELS, evidenceList } from '../scripts/lib/decorate.mjs';
import { listOperations } from '../scripts/lib/spec.mjs';
import { bundle, clientFacade } from './support.js';

const fixture = () => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1.0.0' },
  servers: [{ url: 'https://db-api.example.test/api', 'x-scalingo-region': 'test-1' }],
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        description: 'Returns a thing.',
        'x-scalingo-evidence': ['docs', 'js-client'],
        'x-scalingo-sources': [
          { source: 'docs', version: '1a450bf', file: '_database_api/things.md', heading: 'Get a Thing' },
          { source: 'js-client', version: '0.20.0', file: 'src/Things/index.ts', function: 'Things.show' },
        ],
        'x-scalingo-inferred': [
          {
            subject: 'responses/409',
            reason: 'No source shows it.',
            basis: [
              {
                source: 'go-client',
                version: 'v11.3.0',
                file: 'http/errors.go',
                function: 'NewRequestFailedError',
              },
            ],
          },
        ],
        'x-scalingo-discrepancy': [
          {
            number: 4,
            sources: 'The docs say A; the Go client reads B.',
            resolution: 'B, as the clients read it.',
          },
        ],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 't-1' }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          size: {
            type: 'integer',
            'x-scalingo-discrepancy': {
              number: 5,
              sources: [
                {
                  source: 'docs',
                  version: '1a450bf',
                  file: '_database_api/things.md',
                  heading: 'Things',
                  claim: 'a string',
                },
                {
                  source: 'go-client',
                  version: 'v11.3.0',
                  file: 'things.go',
                  function: 'Thing',
                  claim: 'an integer',
                },
              ],
              resolution: 'An integer.',
            },
          },
        },
      },
    },
  },
});
const facade = {
  facadeMethods: { getThing: 'things.get' },
  operations: { getThing: { body: null, bodyRoot: null } },
};

describe('decorating the bundle', () => {
  it('appends the discrepancy and evidence callouts generated from the extensions', () => {
    const doc = decorate(fixture(), facade);
    const op = doc.paths['/things/{id}'].get;
    expect(op.description).toBe(
      [
        'Returns a thing.',
        '> **Known discrepancy #4.** The docs say A; the Go client reads B.\n>\n> **This document:** B, as the clients read it.',
        '> **Inferred (responses/409).** No source shows it. (from go-scalingo v11.3.0, http/errors.go, NewRequestFailedError)',
        `**Evidence:** ${EVIDENCE_LABELS.docs} (developers-documentation 1a450bf, _database_api/things.md, "Get a Thing"); ${EVIDENCE_LABELS['js-client']} (scalingo.js 0.20.0, src/Things/index.ts, Things.show).`,
      ].join('\n\n'),
    );
    expect(doc.components.schemas.Thing.properties.size.description).toBe(
      '> **Known discrepancy #5.**\n> - Public reference (developers-documentation 1a450bf, _database_api/things.md, "Things"): a string\n> - Go client (go-scalingo v11.3.0, things.go, Thing): an integer\n>\n> **This document:** An integer.',
    );
  });

  it('leaves the bundle it was given unchanged', () => {
    const original = fixture();
    const copy = structuredClone(original);
    decorate(original, facade);
    expect(original).toEqual(copy);
  });

  it('refuses an unknown evidence source, a discrepancy without resolution, and an operation the client lacks', () => {
    expect(() => evidenceList(['docs', 'blog'], '/paths/x')).toThrow('unknown source "blog"');
    expect(() => discrepancyCallouts([{ number: 1, sources: 'x' }], '/paths/x')).toThrow(
      '#1 at /paths/x has no "resolution"',
    );
    expect(() => discrepancyCallouts([{ sources: 'x', resolution: 'y' }], '/p')).toThrow(
      'no integer "number"',
    );
    expect(() => decorate(fixture(), { facadeMethods: {}, operations: {} })).toThrow(
      'the built client has no facade method for getThing',
    );
  });

  it('turns every extension of the real bundle into text readers see', async () => {
    const source = bundle();
    const doc = decorate(source, await clientFacade());
    let discrepancies = 0;
    let inferred = 0;
    const walk = (node: unknown, decorated: unknown) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const d = decorated as Record<string, unknown>;
      const items = n['x-scalingo-discrepancy'];
      if (items !== undefined) {
        for (const item of Array.isArray(items) ? items : [items]) {
          discrepancies++;
          expect(d.description).toContain(`**Known discrepancy #${(item as { number: number }).number}.**`);
        }
      }
      if (n['x-scalingo-evidence'] !== undefined) expect(d.description).toContain('**Evidence:**');
      for (const ref of (n['x-scalingo-sources'] as { file: string }[] | undefined) ?? [])
        expect(d.description).toContain(ref.file);
      for (const mark of (n['x-scalingo-inferred'] as { subject: string }[] | undefined) ?? []) {
        inferred++;
        expect(d.description).toContain(`**Inferred (${mark.subject}).**`);
      }
      for (const key of Object.keys(n)) {
        if (key.startsWith('x-scalingo-'))
          expect(d, `the page's copy drops ${key}`).not.toHaveProperty([key]);
        else if (key !== 'examples' && key !== 'example') walk(n[key], d[key]);
      }
    };
    walk(source, doc);
    expect(discrepancies).toBeGreaterThan(0);
    expect(inferred).toBeGreaterThan(0);
    for (const op of listOperations(doc)) expect(op.operation.description).toContain('**Evidence:**');
  });
});
