// Proxy overhead: the same Harbor GET, at the same concurrency, straight to a harbor-sim and through
// the server's /api/harbor/<side>/ proxy (a real session connected through the API), in alternating
// rounds so drift on a shared machine hits both alike.
import os from 'node:os';

import autocannon from 'autocannon';
import type { Result } from 'autocannon';

import { apiPaths } from '../packages/wizard-api/src/index.ts';
import { ApiClient } from './lib/api-client.ts';
import { median, nowMs, percentile, round } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import { fmt, verdict, writeResult, type Figure } from './lib/result.ts';
import { connect, startSetup } from './lib/wizard-flow.ts';

const CONNECTIONS = 10;
const ROUND_SECONDS = 5;
const ROUNDS = 3;
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };
/** Read-only Harbor paths a proxy must allow; the first one answering 200 both ways is measured. */
const CANDIDATE_PATHS = ['projects?page=1&page_size=10', 'systeminfo', 'projects', 'users/current'];

type Run = { mode: 'direct' | 'proxy'; result: Result; latencies: number[] };

function load(url: string, headers: Record<string, string>, seconds: number): Promise<{ result: Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (error, result) => {
      if (error) reject(error);
      else resolve({ result, latencies });
    });
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

const started = nowMs();
const notes: string[] = [];
const sims = await startSimHost({ sims: [{ name: 'target', seed: 'bench-target', admin: TARGET_ADMIN }] });
const server = await startServer({ env: { DEMO: '0' } });
try {
  const sim = sims.sims.target?.url ?? '';
  const client = new ApiClient(server.url);
  const setup = await startSetup(client, 'push');
  await connect(client, setup.id, 'target', { url: sim, admin: TARGET_ADMIN });

  const direct = { authorization: `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}` };
  const proxied = { cookie: client.cookie };
  let chosen: string | null = null;
  const tried: string[] = [];
  for (const candidate of CANDIDATE_PATHS) {
    const a = await fetch(`${sim}/api/v2.0/${candidate}`, { headers: direct });
    const b = await fetch(`${server.url}${apiPaths.harborProxy('target', candidate)}`, { headers: proxied });
    const [textA, textB] = [await a.text(), await b.text()];
    tried.push(`${candidate}: direct ${a.status}, proxy ${b.status}`);
    if (a.status === 200 && b.status === 200) {
      if (textA !== textB) notes.push(`The proxied body of ${candidate} differs from the direct one (${textA.length} vs ${textB.length} bytes).`);
      chosen = candidate;
      break;
    }
  }
  if (!chosen) {
    writeResult({
      name: 'proxy-overhead',
      title: 'Proxy overhead (/api/harbor/:side/*)',
      figures: [
        { figure: 'throughput through proxy / direct', value: 'not measured', budget: '≥ 0.85', verdict: 'not measured' },
        { figure: 'p99 added latency', value: 'not measured', budget: '≤ 2 ms', verdict: 'not measured' },
      ],
      notes: [`No candidate path answered 200 through the proxy (${tried.join('; ')}): the server's /api/harbor/:side/* proxy is not there yet or refuses these paths.`],
      durationMs: round(nowMs() - started, 0) ?? 0,
    });
  } else {
    const directUrl = `${sim}/api/v2.0/${chosen}`;
    const proxyUrl = `${server.url}${apiPaths.harborProxy('target', chosen)}`;
    // Warm both paths (JIT, keep-alive pools) before anything is recorded.
    await load(directUrl, direct, 1);
    await load(proxyUrl, proxied, 1);
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // ABBA-style order: direct first in even rounds, proxy first in odd ones.
      const order: Run['mode'][] = round % 2 === 0 ? ['direct', 'proxy'] : ['proxy', 'direct'];
      for (const mode of order) {
        const { result, latencies } = await load(mode === 'direct' ? directUrl : proxyUrl, mode === 'direct' ? direct : proxied, ROUND_SECONDS);
        runs.push({ mode, result, latencies });
      }
    }
    const of = (mode: Run['mode']): Run[] => runs.filter((r) => r.mode === mode);
    const rps = (mode: Run['mode']): number[] => of(mode).map((r) => r.result['2xx'] / (r.result.duration || ROUND_SECONDS));
    const lat = (mode: Run['mode']): number[] => of(mode).flatMap((r) => r.latencies);
    const failures = (mode: Run['mode']): number => of(mode).reduce((n, r) => n + r.result.errors + r.result.timeouts + r.result.non2xx, 0);
    const dRps = median(rps('direct'));
    const pRps = median(rps('proxy'));
    const ratio = pRps / dRps;
    const [d50, d99, p50, p99] = [percentile(lat('direct'), 50), percentile(lat('direct'), 99), percentile(lat('proxy'), 50), percentile(lat('proxy'), 99)];
    const added50 = p50 - d50;
    const added99 = p99 - d99;
    const figures: Figure[] = [
      { figure: 'throughput through proxy / direct', value: `${fmt(pRps, 'req/s', 0)}`, baseline: `${fmt(dRps, 'req/s', 0)} direct`, ratio: ratio.toFixed(2), budget: '≥ 0.85', verdict: verdict(ratio >= 0.85) },
      { figure: 'p50 added latency', value: fmt(added50, 'ms', 2), baseline: `${fmt(d50, 'ms', 2)} direct → ${fmt(p50, 'ms', 2)} proxied`, verdict: 'no budget' },
      { figure: 'p99 added latency', value: fmt(added99, 'ms', 2), baseline: `${fmt(d99, 'ms', 2)} direct → ${fmt(p99, 'ms', 2)} proxied`, budget: '≤ 2 ms', verdict: verdict(added99 <= 2) },
    ];
    notes.push(
      `GET /api/v2.0/${chosen} on a harbor-sim (Basic auth) vs GET ${apiPaths.harborProxy('target', '')}${chosen} on the server (session cookie; the server injects the credentials).`,
      `autocannon 8, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${ROUND_SECONDS} s per mode, alternating, after a 1 s warm-up each; req/s = median of rounds (direct ${rps('direct').map((v) => v.toFixed(0)).join(', ')}; proxy ${rps('proxy').map((v) => v.toFixed(0)).join(', ')}); latency percentiles over all 2xx responses (${lat('direct').length} direct, ${lat('proxy').length} proxied) at µs resolution.`,
      `Failed responses: ${failures('direct')} direct, ${failures('proxy')} proxied. Load generator, server and simulator are three processes on the same ${os.cpus().length}-core machine, so the proxied path also pays for the CPU the server takes from the others.`,
      `Server RSS after the load: ${fmt(server.rssMb(), 'MB')}.`,
    );
    writeResult({ name: 'proxy-overhead', title: 'Proxy overhead (/api/harbor/:side/*)', figures, notes, durationMs: round(nowMs() - started, 0) ?? 0 });
  }
} finally {
  await server.stop();
  await sims.stop();
}
