import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LintResult, lint, whereOf } from './support/redocly.js';
import { fixturesDir } from './support/spec.js';

describe('redocly lint', () => {
  it('passes the spec with 0 errors and 0 warnings', async () => {
    const result = await lint('openapi.yaml');
    const problems = result.problems.map(
      (problem) => `${whereOf(problem)} ${problem.ruleId}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    expect(result.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(result.status).toBe(0);
  });

  it('passes a tiny spec that follows every convention (lint fixture "good")', async () => {
    const result = await lint(join(fixturesDir, 'lint', 'good', 'openapi.yaml'));
    expect(
      result.problems.map((problem) => `${whereOf(problem)} ${problem.ruleId}: ${problem.message}`),
    ).toEqual([]);
    expect(result.status).toBe(0);
  });

  describe('on a tiny spec with one defect per operation (lint fixture "bad")', () => {
    const bad = 'test/fixtures/lint/bad/openapi.yaml';
    let result: LintResult;
    let found: { rule: string; where: string; message: string }[] = [];
    beforeAll(async () => {
      result = await lint(join(fixturesDir, 'lint', 'bad', 'openapi.yaml'));
      found = result.problems.map((problem) => ({
        rule: problem.ruleId,
        where: whereOf(problem),
        message: problem.message,
      }));
    });

    it('fails', () => {
      expect(result.status).not.toBe(0);
      expect(result.totals.errors).toBe(result.problems.length);
    });

    // [rule, file:line, what the message must say (it names the operation)]
    it.each([
      ['scalingo/operation-id-camel-case', `${bad}:25`, /^Get_widget_a \(GET \/a\): .*not lowerCamelCase/],
      [
        'scalingo/operation-documented',
        `${bad}:38`,
        /^getWidgetB \(GET \/b\): the summary must be one line without a final period/,
      ],
      ['scalingo/operation-documented', `${bad}:36`, /^getWidgetB \(GET \/b\) has no `description`/],
      [
        'scalingo/operation-documented',
        `${bad}:196`,
        /^getWidgetL \(GET \/l\): the summary "Two tags" is already used by getWidgetC/,
      ],
      ['scalingo/operation-single-tag', `${bad}:51`, /^getWidgetC \(GET \/c\) has 2 tags/],
      ['scalingo/operation-evidence', `${bad}:52`, /^getWidgetC \(GET \/c\): .*"blog" is not one of/],
      ['scalingo/operation-evidence', `${bad}:59`, /^getWidgetD \(GET \/d\) has no `x-scalingo-evidence`/],
      [
        'scalingo/operation-evidence',
        `${bad}:73`,
        /^createWidgetE \(POST \/e\): `client-only` must come first/,
      ],
      [
        'scalingo/operation-evidence',
        `${bad}:73`,
        /^createWidgetE \(POST \/e\): .*both `client-only` and `docs`/,
      ],
      [
        'scalingo/operation-unauthorized-response',
        `${bad}:64`,
        /^getWidgetD \(GET \/d\) needs a token but declares no `401`/,
      ],
      [
        'scalingo/success-response-example',
        `${bad}:83`,
        /^createWidgetE \(POST \/e\): the 201 application\/json response has no example/,
      ],
      [
        'scalingo/request-body-example',
        `${bad}:76`,
        /^createWidgetE \(POST \/e\): the application\/json request body has no example/,
      ],
      [
        'scalingo/response-rooted',
        `${bad}:100`,
        /^listWidgetsF \(GET \/f\): the 200 application\/json body is not rooted \(the body is an array/,
      ],
      [
        'scalingo/response-rooted',
        `${bad}:114`,
        /^getWidgetG \(GET \/g\) is marked `x-scalingo-unrooted` but its bodies are rooted/,
      ],
      [
        'scalingo/path-parameter-documented',
        `${bad}:128`,
        /^Path parameter `gadget_id` \(used by getGadgetH .*\) has no description/,
      ],
      [
        'scalingo/path-parameter-documented',
        `${bad}:128`,
        /^Path parameter `gadget_id` \(used by getGadgetH .*\) has no example/,
      ],
      [
        'scalingo/no-inline-body-schema',
        `${bad}:150`,
        /^getWidgetI \(GET \/i\): the 200 response \(application\/json\) defines an inline object/,
      ],
      [
        'scalingo/discrepancy-shape',
        `${bad}:169`,
        /^operation getWidgetJ: .*`number` must be .* from 1 to 12/,
      ],
      [
        'scalingo/discrepancy-shape',
        `${bad}:169`,
        /^operation getWidgetJ: .*`resolution` must be a non-empty sentence/,
      ],
      [
        'scalingo/open-enum-shape',
        'test/fixtures/lint/bad/components/schemas/GizmoEnvelope.yaml:11',
        /`x-scalingo-open-enum` sits on a schema without `enum`/,
      ],
      [
        'scalingo/no-duplicate-inline-schema',
        'test/fixtures/lint/bad/components/schemas/GizmoEnvelope.yaml:12',
        /exactly the properties of the named schema `Widget` \(id, name, status\)/,
      ],
    ])('%s reports at %s', (rule, where, message) => {
      expect(found).toContainEqual({ rule, where, message: expect.stringMatching(message) });
    });

    it('reports nothing else from the scalingo rules', () => {
      const ours = found.filter(({ rule }) => rule.startsWith('scalingo/'));
      expect(ours).toHaveLength(21);
    });
  });
});
