// The server process as `pnpm start` runs it: any PORT (0 = a free one), one "Open http://…" line to
// follow, the demo Harbors' logins to look at them directly, and a plain fix when the port is taken.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CSRF_HEADER } from '@hw/wizard-api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { tempDir } from './helpers.ts';

const serverDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const running: ReturnType<typeof spawn>[] = [];

/** Node's arguments for the server: its TypeScript source through tsx, or `pnpm start`'s own (built). */
function nodeArgs(runtime: 'source' | 'built'): string[] {
  if (runtime === 'source') return ['--import', 'tsx', 'src/server.ts'];
  const pkg = JSON.parse(readFileSync(path.join(serverDir, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  expect(command).toBe('node');
  return args;
}

function startServer(env: Record<string, string>, runtime: 'source' | 'built' = 'source') {
  const child = spawn(process.execPath, nodeArgs(runtime), {
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

describe('the built server (pnpm start)', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: serverDir, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  // Everything but the native addon and the logger is bundled into one file: a package that
  // loads a file of its own at run time would fail here, not in the source-run tests.
  it('serves its API, its OpenAPI document and a demo login from the one bundled file', async () => {
    const { until } = startServer({ PORT: '0', DEMO: '1' }, 'built');
    const { stdout } = await until((o) => /Demo Harbors[\s\S]*target/.test(o.stdout));
    const base = /Open (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout)?.[1];
    expect(base).toBeDefined();

    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ ok: true });
    const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).toContain('/api/setups/{id}/connect/{side}');

    const session = await fetch(`${base}/api/session`);
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const headers = { cookie, [CSRF_HEADER]: csrfToken, 'content-type': 'application/json' };
    const setup = (await (
      await fetch(`${base}/api/setups`, { method: 'POST', headers, body: JSON.stringify({ mode: 'push' }) })
    ).json()) as { id: string };
    const connected = await fetch(`${base}/api/setups/${setup.id}/connect/target`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ demo: true }),
    });
    expect(connected.status).toBe(200);
    expect(((await connected.json()) as { target: { version: string } }).target.version).toMatch(/^v2\./);
  }, 60_000);
});
