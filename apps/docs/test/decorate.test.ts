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
              sources: { docs: 'a string', 'go-client': 'an integer' },
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
        `**Evidence:** ${EVIDENCE_LABELS.docs}; ${EVIDENCE_LABELS['js-client']}.`,
      ].join('\n\n'),
    );
    expect(doc.components.schemas.Thing.properties.size.description).toBe(
      '> **Known discrepancy #5.**\n> - Public reference: a string\n> - Go client: an integer\n>\n> **This document:** An integer.',
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
      for (const key of Object.keys(n)) if (key !== 'examples' && key !== 'example') walk(n[key], d[key]);
    };
    walk(source, doc);
    expect(discrepancies).toBeGreaterThan(0);
    for (const op of listOperations(doc)) expect(op.operation.description).toContain('**Evidence:**');
  });
});
