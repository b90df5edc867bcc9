// Child processes for the benchmarks: the wizard server exactly as `pnpm start` runs it (apps/server's
// start script: node on the built dist/server.js), or through tsx on its TypeScript source for
// comparison, and the simulator host. Each has its own pid, so RSS is its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freeLoopbackPort } from '@hw/harbor-sim';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { nowMs, rssMb, sleep } from './measure.ts';
import { benchDir, repoRoot } from './result.ts';
import type { SimHostReady, SimHostSpec } from './sim-host.ts';

const serverDir = path.join(repoRoot, 'apps', 'server');
/** tsx's loader, a dependency of the bench package, so no global install is needed. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** `node` runs the built server as `pnpm start` does; `tsx` runs src/server.ts as `pnpm start` did before. */
export type ServerRuntime = 'node' | 'tsx';

let serverBuilt = false;

/** Node's arguments for one runtime. The built server is (re)built once per benchmark process. */
function serverArgs(runtime: ServerRuntime): string[] {
  if (runtime === 'tsx') return ['--import', tsxLoader, 'src/server.ts'];
  if (!serverBuilt) {
    const build = spawnSync('pnpm', ['--filter', '@hw/server', 'run', 'build'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error('building apps/server failed');
    serverBuilt = true;
  }
  const pkg = JSON.parse(readFileSync(path.join(serverDir, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node')
    throw new Error(`apps/server's start script no longer runs node: ${pkg.scripts.start}`);
  return args;
}

export function freePort(): Promise<number> {
  return freeLoopbackPort();
}

function collect(child: ChildProcess, limit = 20_000): () => string {
  let text = '';
  const add = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-limit);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = sleep(15_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** From spawn to the first 200 on /api/health. */
  coldStartMs: number;
  rssMb(): number | null;
  output(): string;
  stop(): Promise<void>;
};

/**
 * A private copy of apps/web/dist for one benchmark: others rebuild dist while we run, and a server
 * serving a half-written dist would make a browser measurement fail for reasons not its own.
 */
export function snapshotWebDist(): string | null {
  const dist = path.join(repoRoot, 'apps', 'web', 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) return null;
  const copy = mkdtempSync(path.join(os.tmpdir(), 'hw-bench-web-'));
  cpSync(dist, copy, { recursive: true });
  return copy;
}

export async function startServer(
  options: {
    env?: Record<string, string>;
    timeoutMs?: number;
    nodeArgs?: string[];
    runtime?: ServerRuntime;
  } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hw-bench-data-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DEMO: '0',
    STATIC_ROOT: path.join(repoRoot, 'apps', 'web', 'dist'),
    ...options.env,
  };
  const args = [...(options.nodeArgs ?? []), ...serverArgs(options.runtime ?? 'node')];
  const started = nowMs();
  const child = spawn(process.execPath, args, { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (options.timeoutMs ?? 60_000);
  let coldStartMs = Number.NaN;
  while (nowMs() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) {
        coldStartMs = nowMs() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  const cleanup = async (): Promise<void> => {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (!Number.isFinite(coldStartMs)) {
    await cleanup();
    throw new Error(`the server did not answer 200 on /api/health: ${output().slice(-2000)}`);
  }
  return { url, pid: child.pid ?? 0, coldStartMs, rssMb: () => rssMb(child.pid), output, stop: cleanup };
}

export type SimHost = SimHostReady & { pid: number; rssMb(): number | null; stop(): Promise<void> };

export async function startSimHost(spec: SimHostSpec, timeoutMs = 180_000): Promise<SimHost> {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, path.join(benchDir, 'lib', 'sim-host.ts'), JSON.stringify(spec)],
    {
      cwd: benchDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = collect(child);
  const ready = await new Promise<SimHostReady>((resolve, reject) => {
    let line = '';
    const timer = setTimeout(
      () => reject(new Error(`simulators did not start in ${timeoutMs} ms: ${output()}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      line += chunk.toString('utf8');
      const newline = line.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line.slice(0, newline)) as SimHostReady);
        } catch {
          reject(new Error(`simulator host said: ${output()}`));
        }
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`simulator host exited: ${output()}`));
    });
  });
  return { ...ready, pid: child.pid ?? 0, rssMb: () => rssMb(child.pid), stop: () => stop(child) };
}
