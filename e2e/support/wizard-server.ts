// A second wizard server the restart scenario can stop and start: the same harness without its own
// Harbors (it talks to the e2e Harbors by URL), on its own port and data directory.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import { secretKey, serverCommand } from './server-command.ts';
import { watchEnv } from './watch-env.ts';

export type WizardServer = { url: string; stop(): Promise<void> };

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the wizard server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the wizard server at ${url} did not become healthy`);
}

export async function startWizardServer(
  port: number,
  dataDir: string,
  staticRoot: string,
): Promise<WizardServer> {
  const url = `http://127.0.0.1:${port}`;
  // Not the test worker's NODE_OPTIONS: they load Playwright's own TypeScript hooks.
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(serverCommand.command, serverCommand.args, {
    cwd: serverCommand.cwd,
    env: {
      ...inherited,
      E2E_HARBORS: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_ROOT: staticRoot,
      LOG_LEVEL: 'warn',
      SECRET_KEY: secretKey,
      ...watchEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: pnpm starts tsx, which starts node, and all of them must stop.
    detached: true,
  });
  const stopGroup = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
    // The server's node process may outlive pnpm by a moment: wait until the port is free.
    for (let i = 0; i < 100; i += 1) {
      try {
        await fetch(`${url}/api/health`);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stopGroup();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    url,
    stop: stopGroup,
  };
}
