import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'interop',
    include: ['test/**/*.test.ts'],
    // The tools are slow to start (tsc, Prism, Spectral); each test bounds its own wait.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
