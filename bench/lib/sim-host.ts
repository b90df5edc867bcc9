// A child process hosting harbor-sim instances, so the simulators' CPU and memory stay apart from the
// server's and from the load generator's. Each instance can sit behind a counting pass-through that
// records how many requests reached the Harbor and how many were in flight at once.
// Usage: node --import tsx lib/sim-host.ts '<json SimHostSpec>'; prints one JSON line with the URLs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHarborSim } from '@hw/harbor-sim';
import type { HarborSim, SimScale } from '@hw/harbor-sim';

export type SimSpec = {
  name: string;
  seed: string;
  admin: { username: string; password: string };
  scale?: SimScale;
  /** Put the counting pass-through in front; its URL is then the one to give the server. */
  counted?: boolean;
};
export type SimHostSpec = { sims: SimSpec[] };
export type SimHostReady = {
  sims: Record<string, { url: string; directUrl: string; seedMs: number }>;
};
export type CallStats = {
  total: number;
  peakConcurrent: number;
  inFlight: number;
  byPath: Record<string, number>;
};

/** Paths under /__bench/ are answered by the pass-through itself (Harbor never uses them). */
function countingProxy(target: URL): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let stats: CallStats = { total: 0, peakConcurrent: 0, inFlight: 0, byPath: {} };
  const server = http.createServer((req, res) => {
    const pathOnly = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathOnly === '/__bench/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    if (pathOnly === '/__bench/reset') {
      stats = { total: 0, peakConcurrent: 0, inFlight: 0, byPath: {} };
      res.writeHead(204).end();
      return;
    }
    const counted = stats;
    counted.total++;
    counted.inFlight++;
    counted.peakConcurrent = Math.max(counted.peakConcurrent, counted.inFlight);
    const key = `${req.method ?? 'GET'} ${pathOnly.replace(/\/repositories\/[^/]+/, '/repositories/:repo').replace(/\/\d+(?=\/|$)/g, '/:n')}`;
    counted.byPath[key] = (counted.byPath[key] ?? 0) + 1;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      counted.inFlight--;
    };
    res.on('close', finish);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            agent.destroy();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{"sims":[]}') as SimHostSpec;
  const closers: (() => Promise<void>)[] = [];
  const ready: SimHostReady = { sims: {} };
  for (const s of spec.sims) {
    const t0 = performance.now();
    const sim: HarborSim = await createHarborSim({
      name: s.name,
      seed: s.seed,
      admin: s.admin,
      control: true,
      ...(s.scale ? { scale: s.scale } : {}),
    });
    const seedMs = performance.now() - t0;
    closers.push(() => sim.close());
    let url = sim.url;
    if (s.counted) {
      const proxy = await countingProxy(new URL(sim.url));
      closers.push(() => proxy.close());
      url = proxy.url;
    }
    ready.sims[s.name] = { url, directUrl: sim.url, seedMs };
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const shutdown = (): void => {
    void Promise.allSettled(closers.map((c) => c())).then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
}

await main();
