import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'spec',
    include: ['test/**/*.test.ts'],
    // Builds dist/openapi.json when it is missing or older than the sources.
    globalSetup: ['test/global-setup.ts'],
    // Several tests run the Redocly CLI (about a second each, more on a busy machine).
    testTimeout: 60_000,
  },
});
