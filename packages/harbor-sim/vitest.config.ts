import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/support/setup.ts'],
    // Instances talk over real HTTP on a shared 2-core machine: generous limits, no timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
