import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LintResult, lint, whereOf } from './support/redocly.js';
import { fixturesDir, ruleOptions, specDir } from './support/spec.js';

/** The largest discrepancy number, as spec/redocly.yaml configures the rule. */
const maxDiscrepancy = ruleOptions('discrepancy-shape')?.max;

/**
 * The line of a fixture where a problem is expected: the first line holding each text in turn,
 * each searched after the previous one (for instance the path, then `responses:`).
 */
function lineOf(file: string, ...texts: string[]): string {
  const lines = readFileSync(join(specDir, file), 'utf8').split('\n');
  let index = -1;
  for (const text of texts) {
    index = lines.findIndex((line, at) => at > index && line.trim() === text);
    if (index === -1)
      throw new Error(`${file}: no line "${text}" after ${texts.slice(0, texts.indexOf(text))}`);
  }
  return `${file}:${index + 1}`;
}

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
    const gizmo = 'test/fixtures/lint/bad/components/schemas/GizmoEnvelope.yaml';
    const gadget = 'test/fixtures/lint/bad/components/schemas/Gadget.yaml';
    const partA = 'test/fixtures/lint/bad/components/schemas/GadgetPartA.yaml';
    const partB = 'test/fixtures/lint/bad/components/schemas/GadgetPartB.yaml';
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

    // [rule, where (file:line), what the message must say: it names the operation]
    const expected: [string, string, RegExp][] = [
      [
        'operation-id-camel-case',
        lineOf(bad, '/a:', 'operationId: Get_widget_a'),
        /^Get_widget_a \(GET \/a\): .*not lowerCamelCase/,
      ],
      [
        'operation-documented',
        lineOf(bad, '/b:', 'summary: Ends with a period.'),
        /^getWidgetB \(GET \/b\): the summary must be one line without a final period/,
      ],
      ['operation-documented', lineOf(bad, '/b:', 'get:'), /^getWidgetB \(GET \/b\) has no `description`/],
      [
        'operation-documented',
        lineOf(bad, '/l:', 'summary: Two tags'),
        /^getWidgetL \(GET \/l\): the summary "Two tags" is already used by getWidgetC/,
      ],
      [
        'operation-single-tag',
        lineOf(bad, '/c:', 'tags: [Widgets, Gadgets]'),
        /^getWidgetC \(GET \/c\) has 2 tags/,
      ],
      [
        'operation-facade',
        lineOf(bad, '/b:', 'x-scalingo-facade: widgets.get-b'),
        /^getWidgetB \(GET \/b\): `x-scalingo-facade` "widgets\.get-b" is not `group\.method` in lowerCamelCase/,
      ],
      [
        'operation-facade',
        lineOf(bad, '/d:', 'get:'),
        /^getWidgetD \(GET \/d\): `x-scalingo-facade` is missing: name its facade method/,
      ],
      [
        'operation-facade',
        lineOf(bad, '/h/{gadget_id}:', 'x-scalingo-facade: widgets.getH'),
        /^getGadgetH \(GET \/h\/\{gadget_id\}\): `x-scalingo-facade` group `widgets` already serves tag Widgets \(Get_widget_a \(GET \/a\)\), not Gadgets/,
      ],
      [
        'operation-facade',
        lineOf(bad, '/l:', 'x-scalingo-facade: widgets.getC'),
        /^getWidgetL \(GET \/l\): `x-scalingo-facade` `widgets\.getC` is already the facade method of getWidgetC \(GET \/c\)/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/c:', 'x-scalingo-evidence: [docs, blog]'),
        /^getWidgetC \(GET \/c\): .*"blog" is not one of/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/d:', 'get:'),
        /^getWidgetD \(GET \/d\) has no `x-scalingo-evidence`/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/e:', 'x-scalingo-evidence: [docs, client-only]'),
        /^createWidgetE \(POST \/e\): `client-only` must come first/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/e:', 'x-scalingo-evidence: [docs, client-only]'),
        /^createWidgetE \(POST \/e\): .*both `client-only` and `docs`/,
      ],
      [
        'operation-unauthorized-response',
        lineOf(bad, '/d:', 'responses:'),
        /^getWidgetD \(GET \/d\) needs a token but declares no `401`/,
      ],
      [
        'shared-error-responses',
        lineOf(bad, '/d:', 'responses:'),
        /^getWidgetD \(GET \/d\) lacks the shared error responses 429, 500, 503/,
      ],
      [
        'shared-error-responses',
        lineOf(bad, '/k:', 'responses:'),
        /^getWidgetK \(GET \/k\) lacks the shared error responses 429, 500, 503, 400, 422 \(it takes query parameters\)/,
      ],
      [
        'success-response-example',
        lineOf(bad, '/e:', "'201':", 'application/json:'),
        /^createWidgetE \(POST \/e\): the 201 application\/json response has no example/,
      ],
      [
        'request-body-example',
        lineOf(bad, '/e:', 'requestBody:', 'application/json:'),
        /^createWidgetE \(POST \/e\): the application\/json request body has no example/,
      ],
      [
        'response-rooted',
        lineOf(bad, '/f:', 'schema:'),
        /^listWidgetsF \(GET \/f\): the 200 application\/json body is not rooted \(the body is an array/,
      ],
      [
        'response-rooted',
        lineOf(bad, '/g:', 'x-scalingo-unrooted: It is not, really.'),
        /^getWidgetG \(GET \/g\) is marked `x-scalingo-unrooted` but its bodies are rooted/,
      ],
      [
        'path-parameter-documented',
        lineOf(bad, '/h/{gadget_id}:', '- name: gadget_id'),
        /^Path parameter `gadget_id` \(used by getGadgetH .*\) has no description/,
      ],
      [
        'path-parameter-documented',
        lineOf(bad, '/h/{gadget_id}:', '- name: gadget_id'),
        /^Path parameter `gadget_id` \(used by getGadgetH .*\) has no example/,
      ],
      [
        'no-inline-body-schema',
        lineOf(bad, '/i:', 'schema:'),
        /^getWidgetI \(GET \/i\): the 200 response \(application\/json\) defines an inline object/,
      ],
      [
        'discrepancy-shape',
        lineOf(bad, '/j:', '- number: 99'),
        new RegExp(`^operation getWidgetJ: .*\`number\` must be .* from 1 to ${maxDiscrepancy}\\)`),
      ],
      [
        'discrepancy-shape',
        lineOf(bad, '/j:', '- number: 99'),
        /^operation getWidgetJ: .*`resolution` must be a non-empty sentence/,
      ],
      [
        'discrepancy-shape',
        lineOf(bad, '/j:', 'sources: The docs and the clients disagree.'),
        /^operation getWidgetJ: .*`sources` must be a non-empty list of source references/,
      ],
      [
        'discrepancy-shape',
        lineOf(
          bad,
          '/m:',
          '- number: 3',
          '- {source: docs, version: 1a450bf, file: _database_api/widgets.md, heading: Get a Widget}',
        ),
        /^operation getWidgetM: .*`sources` entry 0 has no `claim`/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/m:', 'x-scalingo-sources:'),
        /^getWidgetM \(GET \/m\): `x-scalingo-evidence` names `go-client` but `x-scalingo-sources` cites nothing in it/,
      ],
      [
        'operation-evidence',
        lineOf(
          bad,
          '/m:',
          '- {source: docs, version: 2019-02-06, file: _database_api/widgets.md, heading: Get a Widget}',
        ),
        /^getWidgetM \(GET \/m\): `x-scalingo-sources` entry 0 `version` of docs must be 1a450bf/,
      ],
      [
        'operation-evidence',
        lineOf(bad, '/n:', 'x-scalingo-evidence: [docs, inferred]'),
        /^getWidgetN \(GET \/n\): `x-scalingo-evidence` says `inferred` but no `x-scalingo-inferred` entry/,
      ],
      [
        'inferred-shape',
        lineOf(bad, '/o:', '- subject: responses/409'),
        /^operation getWidgetO: `x-scalingo-inferred` entry 0 marks `responses\/409`, which the operation does not declare/,
      ],
      [
        'open-enum-shape',
        lineOf(gizmo, 'x-scalingo-open-enum: true'),
        /`x-scalingo-open-enum` sits on a schema without `enum`/,
      ],
      [
        'final-statuses-shape',
        lineOf(gizmo, 'x-scalingo-final: {success: [done], failure: [done]}'),
        /`x-scalingo-final` sits on a schema without `enum`/,
      ],
      [
        'final-statuses-shape',
        lineOf(gizmo, 'x-scalingo-final: {success: [done], failure: [done]}'),
        /`x-scalingo-final` lists `done` as both success and failure/,
      ],
      [
        'open-enum-shape',
        lineOf(gadget, 'x-scalingo-open-enum: true'),
        /an open enumeration is `type: string` with an `enum` of strings/,
      ],
      [
        'discriminator-value',
        lineOf(partB, 'kind: {type: string, description: Some kind.}'),
        /^branch 1 of the `kind` discriminator must require `kind` and give it one `const`/,
      ],
      ['typed-branches', lineOf(gadget, "- pattern: '^a'"), /^branch 0 of `anyOf` states no `type`/],
      [
        'retry-policy-shape',
        lineOf(bad, "'502':", 'x-scalingo-retry:', 'retry: false'),
        /^gateway error 502: `x-scalingo-retry.retryAfter` means nothing when `retry` is false/,
      ],
      [
        'engines-shape',
        lineOf(partA, 'x-scalingo-engines:', 'engines: [cobol, basic]'),
        /^Schema at GadgetPartA\.yaml: `x-scalingo-engines`: `engines` names `basic`, which is not a known engine \(cobol, fortran\)/,
      ],
      [
        'non-json-answer',
        lineOf(bad, '/p:', 'text/csv:', 'type: object'),
        /^getWidgetP \(GET \/p\): the 200 answer as text\/csv is not JSON: give it a `type: string` schema/,
      ],
      [
        'no-duplicate-inline-schema',
        lineOf(gizmo, 'copy:'),
        /exactly the properties of the named schema `Widget` \(id, name, status\)/,
      ],
    ];

    it('fails', () => {
      expect(result.status).not.toBe(0);
      expect(result.totals.errors).toBe(result.problems.length);
    });

    it.each(expected)('scalingo/%s reports at %s', (rule, where, message) => {
      expect(found).toContainEqual({
        rule: `scalingo/${rule}`,
        where,
        message: expect.stringMatching(message),
      });
    });

    it('reports nothing else from the scalingo rules', () => {
      const ours = found.filter(({ rule }) => rule.startsWith('scalingo/'));
      expect(ours).toHaveLength(expected.length);
    });
  });
});
