import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The two command lines the README opens with, in its first fenced block. */
function readmeCommands(): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(read('README.md'));
  if (!block?.[1]) throw new Error('README.md has no ```sh block');
  return block[1].trim().split('\n');
}

describe('README and CI', () => {
  it('opens with exactly two command lines: set up and build, then check', () => {
    const readme = read('README.md');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    const [setup, check, ...rest] = readmeCommands();
    expect(rest).toEqual([]);
    expect(setup).toContain('npm install -g pnpm@12.4.2');
    expect(setup).toContain('pnpm install --frozen-lockfile');
    expect(setup).toContain('pnpm build');
    expect(check).toBeTruthy();
  });

  it('has .ci/run call the very test command the README gives', () => {
    const [, check] = readmeCommands();
    const ciCommands = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ciCommands).toContain(check);
    expect(read('.ci/run')).toMatch(/^set -euo pipefail$/m);
  });

  it('keeps the README lines quiet: no telemetry, no update notices, no install-scripts warning', () => {
    const [setup] = readmeCommands();
    // npm runs pnpm's own install script (its native binary) without a warning, and says nothing
    // about its own updates.
    expect(setup).toContain('npm install -g pnpm@12.4.2 --allow-scripts=pnpm --no-update-notifier');
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const turboScripts = Object.entries(scripts).filter(([, command]) => /\bturbo\b/.test(command));
    expect(turboScripts.map(([name]) => name)).toEqual(expect.arrayContaining(['build', 'test']));
    for (const [name, command] of turboScripts) {
      for (const call of command.split('&&').filter((part) => /\bturbo\b/.test(part)))
        expect(call.trim(), `script "${name}"`).toMatch(/^TURBO_TELEMETRY_DISABLED=1 turbo /);
    }
    expect(JSON.parse(read('turbo.json'))).toMatchObject({ noUpdateNotifier: true });
    expect(read('pnpm-workspace.yaml')).toMatch(/^updateNotifier: false$/m);
    const spec = JSON.parse(read('spec/package.json')) as { scripts: Record<string, string> };
    expect(spec.scripts.lint).toMatch(/^REDOCLY_SUPPRESS_NOTIFICATIONS=true redocly lint /);
  });

  it('pins the same pnpm version in package.json, the README and CI', () => {
    const { packageManager } = JSON.parse(read('package.json')) as { packageManager: string };
    const version = packageManager.replace('pnpm@', '');
    expect(read('README.md')).toContain(`pnpm@${version}`);
    expect(read('.ci/run')).toContain(`pnpm@${version}`);
    expect(read('.ci/run')).toContain(`"${version}"`);
  });

  it('runs the mock with npx under its scoped name only, and from a clone with pnpm mock', () => {
    const pages = ['README.md', 'packages/mock/README.md', 'apps/docs/guides/06-testing-with-the-mock.md'];
    for (const page of pages) {
      const text = read(page);
      // An npx command that names the bare bin would fetch whatever is published under that name.
      const commands = [...text.matchAll(/^npx .*$/gm)].map((m) => m[0]);
      expect(commands.length, page).toBeGreaterThan(0);
      for (const command of commands) expect(command, page).toMatch(/^npx (-p )?@scalingo-db-api\/mock\b/);
    }
    expect(read('README.md')).toContain('pnpm mock --port 4010');
    expect(read('packages/mock/README.md')).toContain('pnpm mock --port 4010');
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts.mock).toMatch(/node packages\/mock\/dist\/cli\.js$/);
    const manifest = JSON.parse(read('packages/mock/package.json'));
    expect(Object.values(manifest.bin)).toEqual(['./dist/cli.js']);
  });
});
