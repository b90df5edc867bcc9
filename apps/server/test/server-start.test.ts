// The server process as `pnpm start` runs it: any PORT (0 = a free one), one "Open http://…" line to
// follow, the demo Harbors' logins to look at them directly, and a plain fix when the port is taken.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { tempDir } from './helpers.ts';

const serverDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const running: ReturnType<typeof spawn>[] = [];

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: tempDir(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => ({ stdout, stderr });
  /** The output once `done` holds, the process ended, or 20 s passed. */
  const until = async (done: (o: { stdout: string; stderr: string }) => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!done(output()) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return output();
  };
  return { child, until };
}

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('server start', () => {
  it('listens on any free port, prints one Open line with that URL and the demo Harbors’ logins', async () => {
    const { until } = startServer({ PORT: '0', DEMO: '1' });
    const { stdout } = await until((o) => /Demo Harbors[\s\S]*target/.test(o.stdout));
    const open = stdout.split('\n').filter((line) => line.startsWith('Open '));
    expect(open).toHaveLength(1);
    const url = /Open (http:\/\/127\.0\.0\.1:(\d+)) /.exec(open[0]!);
    expect(url).not.toBeNull();
    expect(Number(url![2])).toBeGreaterThan(0);
    const health = await fetch(`${url![1]}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    // The JSON log lines are still there beside the friendly lines.
    expect(stdout).toMatch(/^\{.*"msg":"Server listening at/m);

    const demo = [...stdout.matchAll(/^ {2}demo (source|target): (\S+) {2}user (\S+) {2}password (\S+)$/gm)];
    expect(demo.map((m) => m[1])).toEqual(['source', 'target']);
    for (const [, , harborUrl, user, password] of demo) {
      // The printed login works on the demo Harbor's own API.
      const me = await fetch(`${harborUrl}/api/v2.0/users/current`, {
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      });
      expect(me.status).toBe(200);
    }
  }, 60_000);

  it('says how to pick another port when PORT is taken', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    try {
      const { child, until } = startServer({ PORT: String(port), DEMO: '0' });
      await until(() => false);
      expect(child.exitCode).toBe(1);
      const { stderr } = await until(() => true);
      expect(stderr).toContain(
        `Port ${port} is already in use. Start on another one, e.g. PORT=8090 pnpm start`,
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});
