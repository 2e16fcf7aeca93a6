import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import parseChangesetFile from '@changesets/parse';
import { type DiffResult, diffSpecs } from './diff.js';
import { type Base, defaultBase, lastRelease, loadSpecAt, readAt, resolveCommit } from './git.js';
import { loadSpec } from './load.js';
import { verdict } from './report.js';
import { type Bump, bumpAtLeast, maxBump } from './rules.js';

export const SPEC_PACKAGE = '@scalingo-db-api/openapi';

export interface PendingChangeset {
  file: string;
  releases: Record<string, Bump>;
  summary: string;
}

/**
 * Parses one changeset file with the parser of `changeset version` itself (YAML front matter
 * `'pkg': bump`, then the summary), so that what this check accepts is what the release reads.
 * A file it refuses is an error that names the file and says why.
 */
export function parseChangeset(text: string, file: string): PendingChangeset {
  let parsed: ReturnType<typeof parseChangesetFile>;
  try {
    parsed = parseChangesetFile(text);
  } catch (error) {
    // The parser's first line says what is wrong ("… - missing or invalid frontmatter."), a
    // "YAML error:" line why the YAML does not parse; the other lines repeat an example and the text.
    const lines = String(error instanceof Error ? error.message : error).split('\n');
    const reason = [
      (lines[0] ?? '').replace(/^could not parse changeset - /, '').replace(/\.$/, ''),
      ...lines.filter((line) => line.startsWith('YAML error: ')),
    ].join(': ');
    const bump = /^invalid version type "([^"\\]*)" for package "(.*)"$/.exec(reason);
    if (bump) {
      throw new Error(`${file}: "${bump[2]}: ${bump[1]}" is not a bump (major, minor, patch or none)`);
    }
    throw new Error(
      /missing or invalid frontmatter|file is empty/.test(reason)
        ? `${file}: a changeset starts with a --- front matter block (see .changeset/README.md): ${reason}`
        : `${file}: ${reason} (see .changeset/README.md)`,
    );
  }
  const releases: Record<string, Bump> = {};
  for (const release of parsed.releases) releases[release.name] = release.type;
  return { file, releases, summary: parsed.summary };
}

/** The changesets that `changeset version` has not consumed yet. */
export function readPendingChangesets(changesetDir: string): PendingChangeset[] {
  if (!existsSync(changesetDir)) return [];
  return readdirSync(changesetDir)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => parseChangeset(readFileSync(join(changesetDir, name), 'utf8'), join('.changeset', name)));
}

function parseVersion(version: string, what: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  if (!match) throw new Error(`${what}: "${version}" is not a semver version`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Which bump took `from` to `to` (none when equal); a version that went down is an error. */
export function versionBump(from: string, to: string): Bump {
  const [a1, a2, a3] = parseVersion(from, 'base version');
  const [b1, b2, b3] = parseVersion(to, 'current version');
  const order = Math.sign(b1 - a1) || Math.sign(b2 - a2) || Math.sign(b3 - a3);
  if (order < 0) throw new Error(`the version went down from ${from} to ${to}`);
  if (b1 > a1) return 'major';
  if (b2 > a2) return 'minor';
  if (b3 > a3) return 'patch';
  return 'none';
}

export interface ContractCheck {
  ok: boolean;
  base: Base;
  result: DiffResult;
  /** The bump the diff calls for. */
  required: Bump;
  /** The highest bump of the pending changesets for the spec package. */
  pending: Bump;
  /** The bump already applied to the spec package's version since the base (changesets consumed). */
  released: Bump;
  message: string;
}

export interface CheckOptions {
  /**
   * A git ref to compare with. Default: the last release of the spec package (the newest commit
   * that changed the version in its package.json), else the merge base of HEAD with main.
   */
  base?: string;
  /** The spec's folder in the repository. */
  specDir?: string;
}

/**
 * The contract changes between the base and the working tree must be covered by a changeset for
 * the spec package whose bump is at least what the diff calls for (breaking: major, additive:
 * minor, cosmetic: patch). A changeset already consumed by `changeset version` counts through
 * the version it produced: the spec package's version at the base against the working tree's.
 *
 * The base is the last release, not the merge base with main: CI runs on main itself, where the
 * merge base is HEAD and a change committed straight to main would never be compared with
 * anything. Every change since the last release is covered by the changesets pending since then.
 */
export async function checkContractChangeset(
  root: string,
  options: CheckOptions = {},
): Promise<ContractCheck> {
  const specDir = options.specDir ?? 'spec';
  const base: Base = options.base
    ? { commit: resolveCommit(root, options.base), label: options.base }
    : (lastRelease(root, `${specDir}/package.json`) ?? defaultBase(root));
  const before = await loadSpecAt(
    root,
    base.commit,
    `${specDir}/openapi.yaml`,
    `base ${base.commit.slice(0, 7)}`,
  );
  const after = await loadSpec(join(root, specDir, 'openapi.yaml'), 'working tree');
  const result = diffSpecs(before, after);
  const required = result.bump;

  const changesets = readPendingChangesets(join(root, '.changeset'));
  const pending = changesets.reduce<Bump>(
    (bump, c) => maxBump(bump, c.releases[SPEC_PACKAGE] ?? 'none'),
    'none',
  );
  const baseManifest = readAt(root, base.commit, `${specDir}/package.json`);
  const baseVersion = baseManifest ? String(JSON.parse(baseManifest).version) : null;
  const currentVersion = String(
    JSON.parse(readFileSync(join(root, specDir, 'package.json'), 'utf8')).version,
  );
  const released = baseVersion ? versionBump(baseVersion, currentVersion) : 'none';
  const provided = maxBump(pending, released);
  const ok = bumpAtLeast(provided, required);

  let message: string;
  if (required === 'none') message = `no contract change since ${base.label}`;
  else if (ok) {
    const how = [
      pending !== 'none' ? `a pending ${pending} changeset` : '',
      released !== 'none' ? `the version ${baseVersion} → ${currentVersion} (${released})` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    message = `the contract changed since ${base.label} (${verdict(result)}); covered by ${how}`;
  } else {
    message = failureMessage(
      result,
      base,
      required,
      pending,
      released,
      changesets,
      baseVersion,
      currentVersion,
    );
  }
  return { ok, base, result, required, pending, released, message };
}

function failureMessage(
  result: DiffResult,
  base: Base,
  required: Bump,
  pending: Bump,
  released: Bump,
  changesets: PendingChangeset[],
  baseVersion: string | null,
  currentVersion: string,
): string {
  const relevant = changesets.filter((c) => SPEC_PACKAGE in c.releases).map((c) => c.file);
  const order = { breaking: 0, additive: 1, cosmetic: 2 } as const;
  const listed = [...result.changes]
    .sort((x, y) => order[x.severity] - order[y.severity])
    .slice(0, 8)
    .map((c) => `  - ${c.severity} ${c.rule}: ${c.operation ?? 'document'} ${c.where}: ${c.message}`);
  const more =
    result.changes.length > 8 ? [`  - … and ${result.changes.length - 8} more (see the whole report)`] : [];
  return [
    `The contract changed since ${base.label} (${verdict(result)}), which calls for a ${required} release of ${SPEC_PACKAGE},`,
    `but the pending changesets give ${pending}${relevant.length ? ` (${relevant.join(', ')})` : ' (no pending changeset names it)'}` +
      ` and the version ${baseVersion ?? '(none at the base)'} → ${currentVersion} gives ${released}.`,
    '',
    `Add a changeset: run \`pnpm changeset\`, select ${SPEC_PACKAGE}, choose "${required}" and describe the change;`,
    `or create .changeset/contract-change.md with:`,
    '',
    '---',
    `'${SPEC_PACKAGE}': ${required}`,
    '---',
    '',
    '<what changed in the contract, for the changelog>',
    '',
    `What the diff found (the whole report: pnpm spec:diff --base ${base.commit.slice(0, 12)}):`,
    ...listed,
    ...more,
  ].join('\n');
}
