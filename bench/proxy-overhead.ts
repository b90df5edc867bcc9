// Proxy overhead: the same Harbor GET, at the same concurrency, straight to a harbor-sim and through
// the server's /api/harbor/<side>/ proxy (a real session connected through the API), in alternating
// rounds so drift on a shared machine hits both alike. The budget is judged on a small, cheap Harbor
// answer (the proxy's cost weighs most there); a large artifact listing is measured for context.
import os from 'node:os';

import autocannon from 'autocannon';
import type { Result } from 'autocannon';

import { apiPaths } from '@hw/wizard-api';
import { ApiClient } from './lib/api-client.ts';
import { median, percentile } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import { benchReport, fmt, verdict, type Figure } from './lib/result.ts';
import { connect, startSetup } from './lib/wizard-flow.ts';

const CONNECTIONS = 10;
/** A steady rate both ways sustain easily: latency without queueing in front of a saturated CPU. */
const STEADY_RATE = 200;
const ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
/** Read-only Harbor paths a proxy must allow; the first one answering 200 both ways is measured. */
const SMALL_PATHS = ['projects?page=1&page_size=10', 'systeminfo', 'projects'];
/** 100 artifacts with tags in one page: a large answer, where Harbor's own work dominates. */
const LARGE_PATH = 'projects/bench/repositories/svc-0000/artifacts?page=1&page_size=100&with_tag=true';

type Mode = 'direct' | 'proxy';
type Run = { mode: Mode; result: Result; latencies: number[] };
type Comparison = { path: string; bytes: number; runs: Run[] };

function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  rate?: number,
): Promise<{ result: Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, headers, ...(rate ? { overallRate: rate } : {}) },
      (error, result) => {
        if (error) reject(error);
        else resolve({ result, latencies });
      },
    );
    // autocannon's own histogram keeps whole milliseconds; these samples keep microseconds.
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

const report = benchReport('proxy-overhead', 'Proxy overhead (/api/harbor/:side/*)');
const notes: string[] = [];
// The "source" seed with one extra 100-tag repository gives both a small and a large answer.
const sims = await startSimHost({
  sims: [
    {
      name: 'harbor',
      seed: 'bench-source',
      admin: ADMIN,
      scale: { repositories: 1, tagsPerRepository: 100 },
    },
  ],
});
const server = await startServer({ env: { DEMO: '0' } });
const sim = sims.sims.harbor?.url ?? '';
const direct = {
  authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
};
let proxied: Record<string, string> = {};
const directUrl = (p: string): string => `${sim}/api/v2.0/${p}`;
const proxyUrl = (p: string): string => `${server.url}${apiPaths.harborProxy('target', p)}`;

/** Both ways answer 200 with the same body; returns the body size, or the statuses when not. */
async function probe(path: string): Promise<number | string> {
  const a = await fetch(directUrl(path), { headers: direct });
  const b = await fetch(proxyUrl(path), { headers: proxied });
  const [textA, textB] = [await a.text(), await b.text()];
  if (a.status !== 200 || b.status !== 200) return `direct ${a.status}, proxy ${b.status}`;
  if (textA !== textB)
    notes.push(
      `The proxied body of ${path} differs from the direct one (${textA.length} vs ${textB.length} bytes).`,
    );
  return Buffer.byteLength(textA);
}

async function compare(
  path: string,
  bytes: number,
  rounds: number,
  seconds: number,
  rate?: number,
): Promise<Comparison> {
  // Warm both ways (JIT, keep-alive pools) before anything is recorded.
  await load(directUrl(path), direct, 1);
  await load(proxyUrl(path), proxied, 1);
  const runs: Run[] = [];
  for (let r = 0; r < rounds; r++) {
    // ABBA order: direct first in even rounds, proxy first in odd ones.
    const order: Mode[] = r % 2 === 0 ? ['direct', 'proxy'] : ['proxy', 'direct'];
    for (const mode of order) {
      const { result, latencies } = await load(
        mode === 'direct' ? directUrl(path) : proxyUrl(path),
        mode === 'direct' ? direct : proxied,
        seconds,
        rate,
      );
      runs.push({ mode, result, latencies });
    }
  }
  return { path, bytes, runs };
}

function summarize(c: Comparison) {
  const of = (mode: Mode): Run[] => c.runs.filter((r) => r.mode === mode);
  const rps = (mode: Mode): number[] => of(mode).map((r) => r.result['2xx'] / (r.result.duration || 1));
  const lat = (mode: Mode): number[] => of(mode).flatMap((r) => r.latencies);
  const failures = (mode: Mode): number =>
    of(mode).reduce((n, r) => n + r.result.errors + r.result.timeouts + r.result.non2xx, 0);
  const d = {
    rps: median(rps('direct')),
    p50: percentile(lat('direct'), 50),
    p99: percentile(lat('direct'), 99),
  };
  const p = {
    rps: median(rps('proxy')),
    p50: percentile(lat('proxy'), 50),
    p99: percentile(lat('proxy'), 99),
  };
  // Added latency per round (each proxied round against the direct round next to it), then the
  // median over rounds: a pause caused by other work on the machine spoils one round, not the figure.
  const pairs = of('direct').map((dr, i) => ({ dr, pr: of('proxy')[i] }));
  const addedBy = (q: number): number[] =>
    pairs.flatMap(({ dr, pr }) => (pr ? [percentile(pr.latencies, q) - percentile(dr.latencies, q)] : []));
  return {
    d,
    p,
    ratio: p.rps / d.rps,
    added50: median(addedBy(50)),
    added99: median(addedBy(99)),
    describe: `direct ${rps('direct')
      .map((v) => v.toFixed(0))
      .join(', ')} req/s; proxied ${rps('proxy')
      .map((v) => v.toFixed(0))
      .join(', ')} req/s; p99 added per round ${addedBy(99)
      .map((v) => v.toFixed(2))
      .join(
        ', ',
      )} ms; ${lat('direct').length} + ${lat('proxy').length} latency samples; failed responses ${failures('direct')} direct, ${failures('proxy')} proxied`,
  };
}

try {
  const client = new ApiClient(server.url);
  const setup = await startSetup(client, 'push');
  await connect(client, setup.id, 'target', { url: sim, admin: ADMIN });
  proxied = { cookie: client.cookie };

  let small: { path: string; bytes: number } | null = null;
  const tried: string[] = [];
  for (const candidate of SMALL_PATHS) {
    const outcome = await probe(candidate);
    if (typeof outcome === 'number') {
      small = { path: candidate, bytes: outcome };
      break;
    }
    tried.push(`${candidate}: ${outcome}`);
  }
  if (!small)
    throw new Error(
      `no candidate path answered 200 both ways (${tried.join('; ')}): the proxy is missing or refuses these paths`,
    );

  const main = summarize(await compare(small.path, small.bytes, 3, 5));
  const figures: Figure[] = [
    {
      figure: `throughput through proxy / direct (${small.bytes} B answer)`,
      value: fmt(main.p.rps, 'req/s', 0),
      baseline: `${fmt(main.d.rps, 'req/s', 0)} direct`,
      ratio: main.ratio.toFixed(2),
      budget: '≥ 0.85',
      verdict: verdict(main.ratio >= 0.85),
    },
    {
      figure: 'p50 added latency at full speed',
      value: fmt(main.added50, 'ms', 2),
      baseline: `${fmt(main.d.p50, 'ms', 2)} direct → ${fmt(main.p.p50, 'ms', 2)} proxied`,
      verdict: 'no budget',
    },
    {
      figure: 'p99 added latency at full speed',
      value: fmt(main.added99, 'ms', 2),
      baseline: `${fmt(main.d.p99, 'ms', 2)} direct → ${fmt(main.p.p99, 'ms', 2)} proxied`,
      budget: '≤ 2 ms',
      verdict: verdict(main.added99 <= 2),
    },
  ];
  const steady = summarize(await compare(small.path, small.bytes, 3, 5, STEADY_RATE));
  figures.push(
    {
      figure: `p50 added latency at a steady ${STEADY_RATE} req/s`,
      value: fmt(steady.added50, 'ms', 2),
      baseline: `${fmt(steady.d.p50, 'ms', 2)} direct → ${fmt(steady.p.p50, 'ms', 2)} proxied`,
      verdict: 'no budget',
    },
    {
      figure: `p99 added latency at a steady ${STEADY_RATE} req/s`,
      value: fmt(steady.added99, 'ms', 2),
      baseline: `${fmt(steady.d.p99, 'ms', 2)} direct → ${fmt(steady.p.p99, 'ms', 2)} proxied`,
      budget: '≤ 2 ms',
      verdict: verdict(steady.added99 <= 2),
    },
  );
  notes.push(
    `Budgeted figures: GET /api/v2.0/${small.path} on a harbor-sim (Basic auth) vs GET ${apiPaths.harborProxy('target', small.path)} on the server (session cookie; the server looks up the session and setup, decrypts the password and injects it). autocannon 8, ${CONNECTIONS} connections, 3 rounds × 5 s per way, alternating, after a 1 s warm-up; req/s = median of rounds; added latency = median over rounds of (proxied round percentile − adjacent direct round percentile), over every 2xx response at µs resolution; the pooled percentiles are shown beside it. At full speed: ${main.describe}. At a steady ${STEADY_RATE} req/s (3 rounds × 5 s per way), where neither way queues behind a busy CPU: ${steady.describe}.`,
  );

  const largeBytes = await probe(LARGE_PATH);
  if (typeof largeBytes === 'number') {
    const large = summarize(await compare(LARGE_PATH, largeBytes, 2, 4));
    figures.push(
      {
        figure: `throughput through proxy / direct (${(largeBytes / 1024).toFixed(0)} kB artifact page)`,
        value: fmt(large.p.rps, 'req/s', 0),
        baseline: `${fmt(large.d.rps, 'req/s', 0)} direct`,
        ratio: large.ratio.toFixed(2),
        verdict: 'no budget',
      },
      {
        figure: `p99 added latency (${(largeBytes / 1024).toFixed(0)} kB artifact page)`,
        value: fmt(large.added99, 'ms', 2),
        baseline: `${fmt(large.d.p99, 'ms', 2)} direct → ${fmt(large.p.p99, 'ms', 2)} proxied`,
        verdict: 'no budget',
      },
    );
    notes.push(
      `Context (no verdict): one page of 100 artifacts with tags, 2 rounds × 4 s per way. ${large.describe}.`,
    );
  } else notes.push(`The large artifact page was not measured: ${largeBytes}.`);
  notes.push(
    `Load generator, server and simulator are three processes on the same ${os.cpus().length}-core machine, so the proxied way also pays for the CPU the server takes from the other two. Server RSS after the load: ${fmt(server.rssMb(), 'MB')}.`,
  );
  report(figures, notes);
} catch (error) {
  report(
    [
      {
        figure: 'throughput through proxy / direct',
        value: 'not measured',
        budget: '≥ 0.85',
        verdict: 'not measured',
      },
      { figure: 'p99 added latency', value: 'not measured', budget: '≤ 2 ms', verdict: 'not measured' },
    ],
    [...notes, `Not measured: ${error instanceof Error ? error.message : String(error)}.`],
  );
} finally {
  await server.stop();
  await sims.stop();
}
