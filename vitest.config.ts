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
  },
});
