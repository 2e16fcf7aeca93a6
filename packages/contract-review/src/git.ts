import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, type OpenApiDocument, SpecLoadError } from './load.js';

export class GitError extends Error {
  override name = 'GitError';
}

function git(cwd: string, args: string[], input?: Buffer): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      ...(input ? { input } : {}),
    }).trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

export function repoRoot(cwd: string = process.cwd()): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    throw new GitError(`${cwd} is not inside a git repository`);
  }
}

/** The full commit id of `ref`, or a GitError that says the ref does not name a commit. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`"${ref}" does not name a commit in ${root} (try a branch, a tag or a commit id)`);
  }
}

export interface Base {
  /** The commit to compare with. */
  commit: string;
  /** How it was chosen, for the report. */
  label: string;
}

/**
 * The default base of a comparison: the merge base of HEAD with `main` (or `origin/main` in a
 * clone without a local main). On main itself the merge base is HEAD, so the comparison shows
 * the uncommitted changes of the working tree.
 */
export function defaultBase(root: string, branch = 'main'): Base {
  for (const candidate of [branch, `origin/${branch}`]) {
    let tip: string;
    try {
      tip = resolveCommit(root, candidate);
    } catch {
      continue;
    }
    const commit = git(root, ['merge-base', 'HEAD', tip]);
    const head = resolveCommit(root, 'HEAD');
    const label =
      commit === head
        ? `HEAD ${commit.slice(0, 7)} (HEAD is on ${candidate}: the working tree's changes are compared)`
        : `merge base of HEAD with ${candidate}, ${commit.slice(0, 7)}`;
    return { commit, label };
  }
  const head = resolveCommit(root, 'HEAD');
  return { commit: head, label: `HEAD ${head.slice(0, 7)} (no ${branch} branch here)` };
}

function versionAt(root: string, commit: string, manifest: string): string | null {
  const text = readAt(root, commit, manifest);
  if (text === null) return null;
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/**
 * The last release of the package whose manifest is `manifest` (e.g. `spec/package.json`) that
 * HEAD contains: the newest commit that changed its `version` (what `pnpm version-packages`
 * does), or the commit that added the manifest. Null when HEAD has no such manifest, or when a
 * shallow clone cuts the history before the release.
 */
export function lastRelease(root: string, manifest = 'spec/package.json'): Base | null {
  const commits = git(root, ['log', '--format=%H', 'HEAD', '--', manifest]).split('\n').filter(Boolean);
  for (const commit of commits) {
    const version = versionAt(root, commit, manifest);
    if (version === null) continue;
    let parent: string | null = null;
    try {
      parent = git(root, ['rev-parse', '--verify', '--quiet', `${commit}^`]);
    } catch {
      // No parent here: either the first commit, or the edge of a shallow clone.
      if (git(root, ['rev-parse', '--is-shallow-repository']) === 'true') return null;
    }
    const before = parent === null ? null : versionAt(root, parent, manifest);
    if (before !== version) {
      return {
        commit,
        label: `the last release of ${manifest} (${version}), ${commit.slice(0, 7)}`,
      };
    }
  }
  return null;
}

/**
 * Writes the files of `dir` (e.g. `spec`) as they are at `commit` into a temporary directory and
 * bundles `dir/openapi.yaml` from there. The temporary directory is removed afterwards.
 */
export async function loadSpecAt(
  root: string,
  commit: string,
  specFile = 'spec/openapi.yaml',
  label = commit.slice(0, 7),
): Promise<OpenApiDocument> {
  const dir = specFile.includes('/') ? specFile.slice(0, specFile.lastIndexOf('/')) : '.';
  const listed = git(root, ['ls-tree', '-r', '--name-only', commit, '--', specFile]);
  if (!listed) throw new SpecLoadError(`${label}: ${specFile} does not exist at ${commit.slice(0, 12)}`);
  const temp = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', commit, '--', dir], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', temp], { input: tar });
    return await loadSpec(join(temp, specFile), label);
  } catch (error) {
    // Name the files as they are in the repository, not in the temporary copy.
    if (error instanceof SpecLoadError) throw new SpecLoadError(error.message.replaceAll(`${temp}/`, ''));
    throw error;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Reads one file as it is at `commit`, or null when it does not exist there. */
export function readAt(root: string, commit: string, file: string): string | null {
  try {
    return execFileSync('git', ['show', `${commit}:${file}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}
