import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'contract-review',
    include: ['test/**/*.test.ts'],
    // Bundling two specs and packing tarballs takes a few seconds on a busy machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
