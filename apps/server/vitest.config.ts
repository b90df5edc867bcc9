import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    passWithNoTests: true,
    // Flow tests drive two simulators over real HTTP on a shared 2-core machine: generous limits, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
