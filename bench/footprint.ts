// Footprint: server RSS after 100 concurrent setups driven through the API against two simulators
// (each setup its own browser session), counting every error. Cold start and idle RSS are measured
// by server-start.ts.
import { ApiClient } from './lib/api-client.ts';
import { nowMs, round, sleep } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import { fmt, writeResult, type Figure } from './lib/result.ts';
import { createManualRule, filters, pushSetupToRule } from './lib/wizard-flow.ts';
import { apiPaths } from '@hw/wizard-api';

const SETUPS = 100;
const SOURCE_ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };

const started = nowMs();
const notes: string[] = [];

// 100 operators at once, each in its own session, through the whole push setup up to a created
// rule: connect target, create a project, create and hand off a robot, connect source, create the
// endpoint, run the connection test, save the rule and create it on the source.
const sims = await startSimHost({
  sims: [
    { name: 'source', seed: 'bench-source', admin: SOURCE_ADMIN, counted: true },
    { name: 'target', seed: 'bench-target', admin: TARGET_ADMIN, counted: true },
  ],
});
const server = await startServer({ env: { DEMO: '0' } });
const source = { url: sims.sims.source?.url ?? '', admin: SOURCE_ADMIN };
const target = { url: sims.sims.target?.url ?? '', admin: TARGET_ADMIN };
await sleep(1000);
const rssBefore = server.rssMb();
const errors: string[] = [];

let apiCalls = 0;
async function oneSetup(i: number): Promise<void> {
  const client = new ApiClient(server.url);
  try {
    await steps(client, i);
  } finally {
    apiCalls += client.statuses.length;
  }
}

async function steps(client: ApiClient, i: number): Promise<void> {
  const n = String(i).padStart(3, '0');
  const setup = await pushSetupToRule(
    client,
    { source, target },
    { project: `bench-fp-${n}`, robot: `bench-fp-${n}`, endpoint: `bench-fp-${n}` },
  );
  await createManualRule(client, setup.id, `bench-fp-${n}`, filters('library/**'));
  const state = (await client.get<{ policy: { id: number } | null }>(apiPaths.setup(setup.id))).body;
  if (!state.policy) throw new Error(`setup ${n}: no policy after the rule step`);
}

const t0 = nowMs();
const outcomes = await Promise.allSettled(Array.from({ length: SETUPS }, (_, i) => oneSetup(i)));
const setupsMs = nowMs() - t0;
for (const o of outcomes)
  if (o.status === 'rejected') errors.push(o.reason instanceof Error ? o.reason.message : String(o.reason));
const rssAfter = server.rssMb();
const harborCalls = await Promise.all(
  [source.url, target.url].map(
    async (url) =>
      (await (await fetch(`${url}/__bench/stats`)).json()) as { total: number; peakConcurrent: number },
  ),
);
await sleep(2000);
const rssSettled = server.rssMb();
await server.stop();
await sims.stop();

const ok = SETUPS - errors.length;
const figures: Figure[] = [
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
notes.push(
  'RSS is the whole server process as `pnpm start` runs it (node on the built dist/server.js), started with DEMO=0.',
);
notes.push(
  `Each setup (own session): connect target, create project, create robot, hand-off, connect source, create endpoint, connection test, save rule, create rule, read the setup; all ${SETUPS} at once: ${apiCalls} API calls in total, answered with ${harborCalls.reduce((n, c) => n + c.total, 0)} Harbor calls (source ${harborCalls[0]?.total ?? 0}, peak ${harborCalls[0]?.peakConcurrent ?? 0} in flight; target ${harborCalls[1]?.total ?? 0}, peak ${harborCalls[1]?.peakConcurrent ?? 0}), counted by pass-throughs in front of the simulators. RSS 2 s later: ${fmt(rssSettled, 'MB')}.`,
);
if (errors.length > 0)
  notes.push(`Errors (${errors.length}): ${[...new Set(errors)].slice(0, 3).join(' | ')}`);

writeResult({
  name: 'footprint',
  title: 'Footprint (server process)',
  figures,
  notes,
  durationMs: round(nowMs() - started, 0) ?? 0,
});
