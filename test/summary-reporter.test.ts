import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import SummaryReporter from '../scripts/summary-reporter.ts';

type State = 'passed' | 'failed' | 'skipped';
const fakeModule = (state: 'passed' | 'failed', tests: State[]) =>
  ({
    state: () => state,
    children: { allTests: () => tests.map((s) => ({ result: () => ({ state: s }) })) },
  }) as unknown as TestModule;

const summary = (modules: TestModule[], errors: unknown[] = []) => {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  new SummaryReporter().onTestRunEnd(modules, errors);
  const line = String(write.mock.calls.at(-1)?.[0]).trim();
  write.mockRestore();
  return line;
};

describe('the summary line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts passed, failed and skipped tests over every file', () => {
    expect(
      summary([fakeModule('failed', ['passed', 'failed']), fakeModule('passed', ['passed', 'skipped'])]),
    ).toBe('tests: 2 passed, 1 failed, 1 skipped');
  });

  it('counts a file that failed to load as one failure', () => {
    expect(summary([fakeModule('failed', []), fakeModule('passed', ['passed'])])).toBe(
      'tests: 1 passed, 1 failed',
    );
  });

  it('counts a file whose hook failed, its tests skipped, as one failure', () => {
    expect(summary([fakeModule('failed', ['skipped', 'skipped'])])).toBe(
      'tests: 0 passed, 1 failed, 2 skipped',
    );
  });

  it('counts unhandled errors as failures', () => {
    expect(summary([fakeModule('passed', ['passed'])], [new Error('boom')])).toBe(
      'tests: 1 passed, 1 failed',
    );
  });
});
