/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Mirrors `paths` in tsconfig.json; vitest reads this config too.
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  // The manifest lets scripts/bundle-size.mjs tell the initial chunks from the lazy ones.
  build: { target: 'es2022', manifest: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup-tests.ts'],
    passWithNoTests: true,
    // The machine is shared: give slow renders room instead of failing on load.
    testTimeout: 20_000,
  },
});
