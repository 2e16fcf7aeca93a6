import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'client',
    include: ['test/**/*.test.ts'],
    // Load the mock's build as Node does: its precompiled validators import CommonJS helpers
    // whose default export Vite's module runner would wrap differently.
    server: { deps: { external: [/packages\/mock\/dist\//] } },
  },
});
