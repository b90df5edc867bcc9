// Server start: cold start (spawn until the first 200 on /api/health) and idle RSS of the server as
// `pnpm start` runs it (built JavaScript on node), against the same server run through tsx on its
// TypeScript source (what `pnpm start` ran before) and against the built server with the demo Harbors.
import { median, nowMs, round, sleep } from './lib/measure.ts';
import { startServer, type ServerRuntime } from './lib/processes.ts';
import { fmt, verdict, writeResult, type Figure } from './lib/result.ts';

const RUNS = 5;
const IDLE_MS = 3000;
const RSS_BUDGET_MB = 90;

type Variant = { label: string; runtime: ServerRuntime; demo: boolean };
const BUILT: Variant = { label: 'built JS on node', runtime: 'node', demo: false };
const TSX: Variant = { label: 'tsx on the TypeScript source', runtime: 'tsx', demo: false };
const DEMO: Variant = { label: 'built JS on node with the demo Harbors', runtime: 'node', demo: true };
const variants = [BUILT, TSX, DEMO];

const started = nowMs();
const samples = new Map(variants.map((v) => [v, { coldMs: [] as number[], idleMb: [] as number[] }]));

// Round-robin, so drift on a shared machine hits every variant alike.
for (let run = 0; run < RUNS; run++) {
  for (const variant of variants) {
    const server = await startServer({ runtime: variant.runtime, env: { DEMO: variant.demo ? '1' : '0' } });
    // Idle: started, answered its first request, then left alone for a moment.
    await sleep(IDLE_MS);
    const idle = server.rssMb();
    await server.stop();
    const s = samples.get(variant);
    s?.coldMs.push(server.coldStartMs);
    if (idle !== null) s?.idleMb.push(idle);
  }
}

const cold = (v: Variant) => median(samples.get(v)?.coldMs ?? []);
const idle = (v: Variant) => {
  const mb = samples.get(v)?.idleMb ?? [];
  return mb.length > 0 ? median(mb) : null;
};
const ratio = (a: number | null, b: number | null) =>
  a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b) && b > 0
    ? `${(a / b).toFixed(2)}×`
    : undefined;

const builtIdle = idle(BUILT);
const figures: Figure[] = [
  {
    figure: `idle RSS, ${BUILT.label}, no demo Harbors (median of ${RUNS})`,
    value: fmt(builtIdle, 'MB'),
    baseline: `${fmt(idle(TSX), 'MB')} ${TSX.label}`,
    ratio: ratio(builtIdle, idle(TSX)),
    budget: `≤ ${RSS_BUDGET_MB} MB`,
    verdict: verdict(builtIdle === null ? null : builtIdle <= RSS_BUDGET_MB),
  },
  {
    figure: `cold start to first 200, ${BUILT.label}, no demo Harbors (median of ${RUNS})`,
    value: fmt(cold(BUILT), 'ms', 0),
    baseline: `${fmt(cold(TSX), 'ms', 0)} ${TSX.label}`,
    ratio: ratio(cold(BUILT), cold(TSX)),
    verdict: 'no budget',
  },
  {
    figure: `idle RSS, ${DEMO.label} (median of ${RUNS})`,
    value: fmt(idle(DEMO), 'MB'),
    baseline: `${fmt(builtIdle, 'MB')} without them`,
    verdict: 'no budget',
  },
  {
    figure: `cold start to first 200, ${DEMO.label} (median of ${RUNS})`,
    value: fmt(cold(DEMO), 'ms', 0),
    baseline: `${fmt(cold(BUILT), 'ms', 0)} without them`,
    verdict: 'no budget',
  },
];

const runs = (v: Variant) =>
  `${v.label}${v.demo ? '' : ', DEMO=0'}: ${samples
    .get(v)
    ?.coldMs.map((ms) => ms.toFixed(0))
    .join(', ')} ms; idle ${samples
    .get(v)
    ?.idleMb.map((mb) => mb.toFixed(1))
    .join(', ')} MB`;

writeResult({
  name: 'server-start',
  title: 'Server start (built JavaScript vs tsx)',
  figures,
  notes: [
    "Built JS = apps/server's start script, what `pnpm start` runs: node on dist/server.js, bundled by esbuild from src/server.ts with the @hw/* packages inlined and node_modules external (built once before the first start). tsx = `node --import tsx src/server.ts` in apps/server, what `pnpm start` ran before.",
    `Cold start = from spawning the process until GET /api/health first answers 200 (polled every 5 ms). Idle RSS = VmRSS ${IDLE_MS / 1000} s after that first answer, with nothing else asked. ${RUNS} starts of each, round-robin; every start gets a fresh DATA_DIR.`,
    `Runs: ${variants.map(runs).join('; ')}.`,
    'The tsx RSS includes its module loader (its ESM hooks run in a worker thread) and the TypeScript transforms; its first start also fills the tsx transform cache.',
  ],
  durationMs: round(nowMs() - started, 0) ?? 0,
});
