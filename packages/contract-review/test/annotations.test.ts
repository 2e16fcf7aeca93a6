import { describe, expect, it } from 'vitest';
import { annotation, escapeData, escapeProperty, MAX_PER_KIND, toAnnotations } from '../src/annotations.js';
import type { Change, DiffResult } from '../src/diff.js';

const removed: Change = {
  rule: 'response-property-removed',
  severity: 'breaking',
  operation: 'GET /things/{thing_id}',
  operationId: 'getThing',
  where: 'response 200 › thing.color',
  message: 'property color removed',
};

function resultOf(changes: Change[]): DiffResult {
  const counts = { breaking: 0, additive: 0, cosmetic: 0 };
  for (const change of changes) counts[change.severity]++;
  return { changes, counts, bump: counts.breaking ? 'major' : counts.additive ? 'minor' : 'patch' };
}

describe('a workflow annotation', () => {
  it('is an ::error for a breaking change, at the file and line, titled with the rule', () => {
    expect(annotation(removed, { file: 'spec/components/schemas/Thing.yaml', line: 12 })).toBe(
      '::error file=spec/components/schemas/Thing.yaml,line=12,title=breaking%3A response-property-removed' +
        '::GET /things/{thing_id} (getThing) › response 200 › thing.color: property color removed',
    );
  });

  it('is a ::warning when additive and a ::notice when cosmetic', () => {
    const at = { file: 'spec/openapi.yaml', line: 1 };
    expect(annotation({ ...removed, severity: 'additive' }, at)).toMatch(/^::warning file=/);
    expect(annotation({ ...removed, severity: 'cosmetic', operation: null }, at)).toMatch(
      /^::notice .*::whole document › /,
    );
  });

  it('escapes what would end the command or a property, so that hostile text stays one annotation', () => {
    expect(escapeData('100%\r\n::set-output')).toBe('100%25%0D%0A::set-output');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    const hostile = annotation(
      { ...removed, where: 'x\n::add-mask::secret', message: 'y\r\n::stop-commands::z' },
      { file: 'spec/a,b:c.yaml', line: 3 },
    );
    expect(hostile.split('\n')).toHaveLength(1);
    expect(hostile).toContain('file=spec/a%2Cb%3Ac.yaml,line=3');
    expect(hostile).toContain('x%0A::add-mask::secret');
  });

  it('bounds the message', () => {
    expect(
      annotation({ ...removed, message: 'm'.repeat(100_000) }, { file: 'f', line: 1 }).length,
    ).toBeLessThan(1200);
  });
});

describe('the annotations of a report', () => {
  it('puts breaking changes first, keeps as many of each kind as GitHub shows and ends with the verdict', () => {
    const cosmetic: Change = { ...removed, rule: 'documentation-changed', severity: 'cosmetic' };
    const changes = [cosmetic, ...Array.from({ length: MAX_PER_KIND + 5 }, () => removed)];
    const lines = toAnnotations(resultOf(changes), () => ({ file: 'spec/openapi.yaml', line: 2 }))
      .trimEnd()
      .split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual([
      ...Array.from({ length: MAX_PER_KIND }, () => '::error'),
      '::notice',
      'Contract',
    ]);
    expect(lines.at(-1)).toBe(
      'Contract review: breaking: 15 breaking, 0 additive, 1 cosmetic; changeset bump for @scalingo-db-api/openapi: major (5 more not annotated: see the report).',
    );
  });

  it('says there is no change when there is none', () => {
    expect(toAnnotations(resultOf([]), () => ({ file: 'x', line: 1 }))).toBe(
      'Contract review: no change to the contract; changeset bump for @scalingo-db-api/openapi: patch.\n',
    );
  });
});
