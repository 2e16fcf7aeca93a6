import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace package: each package declares its own project
// (name, test files, timeouts) in its vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'spec',
      'packages/*',
      'apps/*',
      { test: { name: 'workspace', include: ['test/**/*.test.ts'], exclude: ['test/consumer/**'] } },
      // The packed packages installed in a throwaway project; .ci/run also runs it on Node 22 and 24.
      {
        test: {
          name: 'consumer',
          include: ['test/consumer/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Vitest's default is one worker less than the cores: on a 2-core machine, one file at a time,
    // while much of a file's time is spent waiting on servers, child processes and Chromium. Two
    // workers there at least; more cores keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
