import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'docs',
    include: ['test/**/*.test.ts'],
    // The browser test starts Chromium and walks every page and route of the site; the
    // type-check tests run tsc over every sample.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
