import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { toAnnotations } from './annotations.js';
import { defaultDocsUrl, parseDocsUrl, RULES_GUIDE, toPullRequestComment } from './comment.js';
import { diffSpecs } from './diff.js';
import { defaultBase, GitError, loadSpecAt, readAt, repoRoot, resolveCommit } from './git.js';
import { loadSpec, type OpenApiDocument, SpecLoadError } from './load.js';
import { toJson, toMarkdown } from './report.js';
import type { Severity } from './rules.js';
import { writeRulesGuide } from './rules-table.js';
import { type ReadFile, SourceMap, type SourceTree } from './source-map.js';

export const USAGE = `Usage: pnpm spec:diff [--base <git-ref>] [--head <git-ref>] [--format markdown|json|github] [--fail-on breaking|additive|cosmetic]
       pnpm spec:diff --base-spec <file> --head-spec <file> [...]
       pnpm spec:diff --base origin/main --format markdown --pr-comment [--docs-url <url>]

Bundles the OpenAPI description at the base and at the head and reports every change, by
operation, classified breaking, additive or cosmetic with the rule that classified it.

  --base <ref>        git ref to compare with (default: the merge base of HEAD with main;
                      on main itself, HEAD, so that the working tree's changes are shown)
  --head <ref>        git ref to compare (default: the working tree)
  --base-spec <file>  compare this file instead of the spec at a git ref
  --head-spec <file>  compare this file instead of the working tree's spec
  --spec <path>       the root file of the spec in the repository (default: spec/openapi.yaml)
  --format <f>        markdown (default), json, or github: one GitHub workflow annotation per
                      change (::error breaking, ::warning additive, ::notice cosmetic) at the
                      line of the spec's source file that the head changed
  --pr-comment        with markdown: the report as a pull-request comment (verdict first,
                      breaking changes first, each rule linked to its row in the rules guide)
  --docs-url <url>    the rules guide the comment links to (default: ${RULES_GUIDE}
                      in the repository that spec/package.json declares, on main)
  --fail-on <level>   exit 1 when a change of this severity or worse is found
  --help              this text

Exit codes: 0 done, 1 a change reached --fail-on, 2 bad arguments, bad ref or a spec that does not bundle.`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const LEVELS: Severity[] = ['breaking', 'additive', 'cosmetic'];
const FORMATS = ['markdown', 'json', 'github'];

type ShownTree = SourceTree & { shown: (file: string) => string };

/** The files under `dir`, read from disk without leaving it, named relative to `cwd`. */
function directoryTree(dir: string, root: string, cwd: string): ShownTree {
  const read: ReadFile = (name) => {
    const full = resolve(dir, name);
    if (!full.startsWith(`${dir}${sep}`)) return null;
    try {
      return readFileSync(full, 'utf8');
    } catch {
      return null;
    }
  };
  return { read, root, shown: (name) => relative(cwd, join(dir, name)) };
}

/** The files of a commit, named relative to the repository's root. */
const commitTree = (root: string, commit: string, specFile: string): ShownTree => ({
  read: (file) => readAt(root, commit, file),
  root: specFile,
  shown: (file) => file,
});

export async function runSpecDiff(argv: string[], io: Io): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    io.stderr(`spec:diff: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (values['write-rules-guide']) {
    // Maintenance: regenerate the rules tables of the docs guide from src/rules.ts.
    const file = resolve(io.cwd, values['write-rules-guide']);
    try {
      io.stdout(
        writeRulesGuide(file)
          ? `spec:diff: rules tables written to ${file}\n`
          : `spec:diff: ${file} is up to date\n`,
      );
      return 0;
    } catch (error) {
      io.stderr(`spec:diff: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const format = values.format ?? 'markdown';
  if (!FORMATS.includes(format)) {
    io.stderr(`spec:diff: --format must be markdown or json, or github (annotations), not "${format}"\n`);
    return 2;
  }
  let docsUrl: string | undefined;
  if (values['docs-url'] !== undefined && !values['pr-comment']) {
    io.stderr('spec:diff: --docs-url only applies with --pr-comment\n');
    return 2;
  }
  if (values['pr-comment']) {
    if (format !== 'markdown') {
      io.stderr(`spec:diff: --pr-comment only applies to --format markdown, not ${format}\n`);
      return 2;
    }
    try {
      docsUrl = values['docs-url'] === undefined ? defaultDocsUrl() : parseDocsUrl(values['docs-url']);
    } catch (error) {
      io.stderr(`spec:diff: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !LEVELS.includes(failOn as Severity)) {
    io.stderr(`spec:diff: --fail-on must be one of ${LEVELS.join(', ')}, not "${failOn}"\n`);
    return 2;
  }
  if (values.base && values['base-spec']) {
    io.stderr('spec:diff: give either --base or --base-spec, not both\n');
    return 2;
  }
  if (values.head && values['head-spec']) {
    io.stderr('spec:diff: give either --head or --head-spec, not both\n');
    return 2;
  }

  let base: OpenApiDocument;
  let head: OpenApiDocument;
  let baseLabel: string;
  let headLabel: string;
  // The source files of each side, for the annotations' file and line.
  let baseTree: ShownTree;
  let headTree: ShownTree;
  try {
    const specFile = values.spec ?? 'spec/openapi.yaml';
    const needsGit = !values['base-spec'] || !values['head-spec'];
    const root = needsGit ? repoRoot(io.cwd) : io.cwd;

    if (values['base-spec']) {
      const file = resolve(io.cwd, values['base-spec']);
      baseLabel = file;
      base = await loadSpec(file, 'base');
      baseTree = directoryTree(dirname(file), basename(file), io.cwd);
    } else {
      const chosen = values.base
        ? { commit: resolveCommit(root, values.base), label: values.base }
        : defaultBase(root);
      baseLabel = values.base ? `${values.base} (${chosen.commit.slice(0, 7)})` : chosen.label;
      base = await loadSpecAt(
        root,
        chosen.commit,
        specFile,
        `base ${values.base ?? chosen.commit.slice(0, 7)}`,
      );
      baseTree = commitTree(root, chosen.commit, specFile);
    }

    if (values['head-spec']) {
      const file = resolve(io.cwd, values['head-spec']);
      headLabel = file;
      head = await loadSpec(file, 'head');
      headTree = directoryTree(dirname(file), basename(file), io.cwd);
    } else if (values.head) {
      const commit = resolveCommit(root, values.head);
      headLabel = `${values.head} (${commit.slice(0, 7)})`;
      head = await loadSpecAt(root, commit, specFile, `head ${values.head}`);
      headTree = commitTree(root, commit, specFile);
    } else {
      headLabel = 'working tree';
      head = await loadSpec(join(root, specFile), 'working tree');
      headTree = directoryTree(root, specFile, root);
    }
  } catch (error) {
    if (error instanceof GitError || error instanceof SpecLoadError) {
      io.stderr(`spec:diff: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const result = diffSpecs(base, head);
  const context = { base: baseLabel, head: headLabel };
  if (format === 'github') {
    const sources = new SourceMap(headTree, baseTree);
    io.stdout(
      toAnnotations(result, (change) => {
        const at = sources.locate(change);
        return { file: headTree.shown(at.file), line: at.line };
      }),
    );
  } else if (format === 'json') io.stdout(toJson(result, context));
  else if (docsUrl) io.stdout(toPullRequestComment(result, context, docsUrl));
  else io.stdout(toMarkdown(result, context));
  if (failOn) {
    const threshold = LEVELS.indexOf(failOn as Severity);
    const reached = LEVELS.slice(0, threshold + 1).some((level) => result.counts[level] > 0);
    if (reached) {
      io.stderr(`spec:diff: ${failOn} changes found (--fail-on ${failOn})\n`);
      return 1;
    }
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      'base-spec': { type: 'string' },
      'head-spec': { type: 'string' },
      spec: { type: 'string' },
      format: { type: 'string' },
      'pr-comment': { type: 'boolean' },
      'docs-url': { type: 'string' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'write-rules-guide': { type: 'string' },
    },
  });
}
