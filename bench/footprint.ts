// Footprint: server cold start to the first 200, idle RSS, and RSS after 100 concurrent setups driven
// through the API against two simulators (each setup its own browser session), counting every error.
import { ApiClient, ApiError } from './lib/api-client.ts';
import { median, nowMs, round, sleep } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import { fmt, verdict, writeResult, type Figure } from './lib/result.ts';
import { connect, startSetup } from './lib/wizard-flow.ts';
import { apiPaths } from '../packages/wizard-api/src/index.ts';

const COLD_STARTS = 3;
const SETUPS = 100;
const RSS_BUDGET_MB = 120;
const SOURCE_ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };

const started = nowMs();
const notes: string[] = [];

async function coldStarts(env: Record<string, string>): Promise<{ ms: number[]; idleRss: number | null }> {
  const ms: number[] = [];
  let idleRss: number | null = null;
  for (let i = 0; i < COLD_STARTS; i++) {
    const server = await startServer({ env });
    ms.push(server.coldStartMs);
    if (i === COLD_STARTS - 1) {
      // Idle: started, answered its first request, then left alone for a moment.
      await sleep(3000);
      idleRss = server.rssMb();
    }
    await server.stop();
  }
  return { ms, idleRss };
}

const alone = await coldStarts({ DEMO: '0' });
const demo = await coldStarts({ DEMO: '1' });

// 100 operators at once, each: new session, start a push setup, connect target, choose its project,
// connect source. Steps the server does not offer yet are skipped and named in the notes.
const sims = await startSimHost({
  sims: [
    { name: 'source', seed: 'bench-source', admin: SOURCE_ADMIN },
    { name: 'target', seed: 'bench-target', admin: TARGET_ADMIN },
  ],
});
const server = await startServer({ env: { DEMO: '0' } });
const source = { url: sims.sims.source?.url ?? '', admin: SOURCE_ADMIN };
const target = { url: sims.sims.target?.url ?? '', admin: TARGET_ADMIN };
await sleep(1000);
const rssBefore = server.rssMb();
const errors: string[] = [];
const stepsSeen = new Set<string>();
const skipped = new Set<string>();

async function oneSetup(i: number): Promise<void> {
  const client = new ApiClient(server.url);
  const setup = await startSetup(client, 'push');
  await connect(client, setup.id, 'target', target);
  stepsSeen.add('connect target');
  try {
    await client.put(apiPaths.project(setup.id), { name: 'library', create: false, public: false });
    stepsSeen.add('choose project');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) skipped.add('choose project (404)');
    else throw error;
  }
  await connect(client, setup.id, 'source', source);
  stepsSeen.add('connect source');
  await client.get(apiPaths.setup(setup.id));
  void i;
}

const t0 = nowMs();
const outcomes = await Promise.allSettled(Array.from({ length: SETUPS }, (_, i) => oneSetup(i)));
const setupsMs = nowMs() - t0;
for (const o of outcomes) if (o.status === 'rejected') errors.push(o.reason instanceof Error ? o.reason.message : String(o.reason));
const rssAfter = server.rssMb();
await sleep(2000);
const rssSettled = server.rssMb();
await server.stop();
await sims.stop();

const ok = SETUPS - errors.length;
const figures: Figure[] = [
  { figure: 'cold start to first 200 (server, median of 3)', value: fmt(median(alone.ms), 'ms', 0), baseline: `${fmt(median(demo.ms), 'ms', 0)} with the demo Harbors`, verdict: 'no budget' },
  { figure: 'idle RSS (server)', value: fmt(alone.idleRss, 'MB'), baseline: `${fmt(demo.idleRss, 'MB')} with the demo Harbors in-process`, budget: `≤ ${RSS_BUDGET_MB} MB`, verdict: verdict(alone.idleRss === null ? null : alone.idleRss <= RSS_BUDGET_MB) },
  {
    figure: `RSS after ${SETUPS} concurrent setups`,
    value: fmt(rssAfter, 'MB'),
    baseline: `${fmt(rssBefore, 'MB')} before`,
    ratio: rssBefore && rssAfter ? `${(rssAfter / rssBefore).toFixed(2)}×` : undefined,
    verdict: 'no budget',
  },
  {
    figure: `${SETUPS} concurrent setups without error`,
    value: `${ok}/${SETUPS} in ${fmt(setupsMs / 1000, 's')}`,
    budget: 'no error',
    verdict: errors.length === 0 ? 'holds' : 'over budget',
  },
];
notes.push(`Cold start = spawning \`node --import tsx apps/server/src/server.ts\` (what \`pnpm start\` runs) until GET /api/health answers 200; runs: ${alone.ms.map((m) => m.toFixed(0)).join(', ')} ms alone, ${demo.ms.map((m) => m.toFixed(0)).join(', ')} ms with DEMO=1.`);
notes.push(`Each setup: GET /api/session, POST /api/setups, connect target, ${stepsSeen.has('choose project') ? 'choose project "library", ' : ''}connect source, GET the setup; RSS 2 s later: ${fmt(rssSettled, 'MB')}.`);
if (skipped.size > 0) notes.push(`Skipped (route not served yet): ${[...skipped].join(', ')}.`);
if (errors.length > 0) notes.push(`Errors (${errors.length}): ${[...new Set(errors)].slice(0, 3).join(' | ')}`);

writeResult({ name: 'footprint', title: 'Footprint (server process)', figures, notes, durationMs: round(nowMs() - started, 0) ?? 0 });
