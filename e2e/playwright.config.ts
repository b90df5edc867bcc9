import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defineConfig } from '@playwright/test';

import { chromiumArgs, chromiumExecutable } from './support/chromium.ts';
import { e2e } from './support/harbors.ts';
import { secretKey, serverCommand } from './support/server-command.ts';
import { watchEnv } from './support/watch-env.ts';

// A fresh data directory per run: the suite starts from no sessions and no setups. Workers load this
// file again and inherit the variable, so they all see the same directory. The server creates it (and
// copies the built web app into it, so a rebuild during the run cannot pull files away); the global
// teardown removes it.
const dataDir =
  process.env.E2E_DATA_DIR ?? join(tmpdir(), `hw-e2e-${process.pid}-${Date.now().toString(36)}`);
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_REMOVE_DATA_DIR ??= '1';
const webRoot = join(dataDir, 'web');

export default defineConfig({
  testDir: './tests',
  globalTeardown: './support/global-teardown.ts',
  outputDir: './test-results',
  fullyParallel: false,
  // One browser at a time: the machine has two cores and the specs share the demo Harbors.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: e2e.baseUrl,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumExecutable, args: chromiumArgs },
  },
  webServer: {
    command: [serverCommand.command, ...serverCommand.args].join(' '),
    cwd: serverCommand.cwd,
    url: `${e2e.baseUrl}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(e2e.port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_ROOT: webRoot,
      E2E_WEB_DIST: serverCommand.staticRoot,
      LOG_LEVEL: 'warn',
      SECRET_KEY: secretKey,
      ...watchEnv,
    },
  },
});
