import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace package: each package declares its own project
// (name, test files, timeouts) in its vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'spec',
      'packages/*',
      'apps/*',
      { test: { name: 'workspace', include: ['test/**/*.test.ts'] } },
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
