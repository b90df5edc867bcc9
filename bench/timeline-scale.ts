// Timeline at scale: one rule with 10,000 executions of 10 tasks each (100,000 tasks) in the source
// simulator, created through Harbor's own API (POST /replication/executions, the simulator has no
// seed hook for executions); then the first page of executions and of tasks through the server, next
// to the same Harbor calls made directly; then the web app's polling rate (see web-polling.ts).
import { rmSync } from 'node:fs';

import { createHarborClient } from '@hw/harbor-client';
import type { Execution, Task } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import { ApiClient } from './lib/api-client.ts';
import { median, nowMs, percentile } from './lib/measure.ts';
import { snapshotWebDist, startServer, startSimHost } from './lib/processes.ts';
import { benchReport, fmt, type Figure } from './lib/result.ts';
import { measurePolling, PORTAL_POLL_SECONDS } from './lib/web-polling.ts';
import { createManualRule, filters, pushSetupToRule, replicateNow } from './lib/wizard-flow.ts';

/** BENCH_TIMELINE_EXECUTIONS lowers it for a quick look; RESULTS.md says how many were measured. */
const EXECUTIONS = Number(process.env.BENCH_TIMELINE_EXECUTIONS ?? 10_000);
const TASKS_PER_EXECUTION = 10;
/** Creating the executions must leave time for the rest of `pnpm bench`; stop and say so if it does not. */
const GENERATION_BUDGET_MS = 180_000;
const BATCH = 100;
const SAMPLES = 20;
const PAGE_SIZE = 10;
const SOURCE_ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };
type Page<T> = { items: T[]; total: number };

const report = benchReport('timeline-scale', 'Timeline at scale (10,000 executions, 100,000 tasks)');
const notes: string[] = [];
const figures: Figure[] = [];
// Source and target in two processes: creating the executions keeps both simulators busy at once.
// 10 one-tag repositories under "bench/": a rule on bench/** makes 10 tasks per execution.
const sourceHost = await startSimHost({
  sims: [
    {
      name: 'source',
      seed: 'bench-source',
      admin: SOURCE_ADMIN,
      scale: { repositories: TASKS_PER_EXECUTION, tagsPerRepository: 1 },
    },
  ],
});
const targetHost = await startSimHost({
  sims: [{ name: 'target', seed: 'bench-target', admin: TARGET_ADMIN }],
});
const sims = { sims: { ...sourceHost.sims, ...targetHost.sims } };
const webCopy = snapshotWebDist();
const server = await startServer({ env: { DEMO: '0', ...(webCopy ? { STATIC_ROOT: webCopy } : {}) } });
const sourceUrl = sims.sims.source?.url ?? '';
const harbor = createHarborClient({
  baseUrl: sourceUrl,
  username: SOURCE_ADMIN.username,
  password: SOURCE_ADMIN.password,
  timeoutMs: 60_000,
});
const idle = async (): Promise<void> => {
  await (await fetch(`${sourceUrl}/__sim/idle`, { method: 'POST' })).arrayBuffer();
};

async function sample(fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = nowMs();
    await fn();
    ms.push(nowMs() - t0);
  }
  return ms;
}

try {
  const client = new ApiClient(server.url);
  const setup = await pushSetupToRule(
    client,
    {
      source: { url: sourceUrl, admin: SOURCE_ADMIN },
      target: { url: sims.sims.target?.url ?? '', admin: TARGET_ADMIN },
    },
    { project: 'bench-timeline', robot: 'bench-timeline', endpoint: 'bench-target' },
  );
  const ruled = await createManualRule(client, setup.id, 'bench-timeline', filters('bench/**'));
  const policyId = ruled.policy?.id;
  if (!policyId) throw new Error('the rule step did not report the created policy');

  // The first run goes through the server ("Replicate now"); it copies the images once.
  const first = await replicateNow(client, setup.id);
  await idle();

  // Polling first, while the simulator is small: the rate depends on the web app's intervals, not
  // on how many executions exist, and a quiet machine keeps the held execution reliably InProgress.
  const polling = await measurePolling({
    serverUrl: server.url,
    client,
    setupId: setup.id,
    sourceUrl,
    targetUrl: sims.sims.target?.url ?? '',
  });
  await idle();

  let created = (await harbor.executions.list({ policyId, page: 1, pageSize: 1 })).total;
  const t0 = nowMs();
  let stoppedEarly = false;
  while (created < EXECUTIONS) {
    if (nowMs() - t0 > GENERATION_BUDGET_MS) {
      stoppedEarly = true;
      break;
    }
    const n = Math.min(BATCH, EXECUTIONS - created);
    await Promise.all(Array.from({ length: n }, () => harbor.executions.start(policyId)));
    created += n;
    await idle();
    if (created % 2000 === 0)
      process.stdout.write(`  ${created} executions (${((nowMs() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const generationMs = nowMs() - t0;
  const state = (await (await fetch(`${sourceUrl}/__sim/state`)).json()) as {
    executions: { policy_id: number; tasks: number; status: string }[];
  };
  const ours = state.executions.filter((e) => e.policy_id === policyId);
  const taskCount = ours.reduce((n, e) => n + e.tasks, 0);
  notes.push(
    `Created ${ours.length} executions with ${taskCount} tasks for one rule in ${fmt(generationMs / 1000, 's')} (the first through the server's "Replicate now", execution ${first.id}, and one more while measuring the polling; the rest with POST /api/v2.0/replication/executions in batches of ${BATCH}, waiting for each batch to finish); statuses: ${Object.entries(
      ours.reduce<Record<string, number>>((m, e) => ({ ...m, [e.status]: (m[e.status] ?? 0) + 1 }), {}),
    )
      .map(([s, c]) => `${s} ${c}`)
      .join(', ')}.`,
  );
  if (stoppedEarly)
    notes.push(
      `Stopped creating executions after ${fmt(GENERATION_BUDGET_MS / 1000, 's', 0)} to keep \`pnpm bench\` under 10 minutes: the figures below are at ${ours.length} executions, not ${EXECUTIONS}.`,
    );

  const list = await client.get<Page<Execution>>(
    `${apiPaths.executions(setup.id)}?page=1&pageSize=${PAGE_SIZE}`,
  );
  const newest = list.body.items[0];
  if (!newest) throw new Error('the server listed no executions');
  const viaServer = await sample(() =>
    client.get(`${apiPaths.executions(setup.id)}?page=1&pageSize=${PAGE_SIZE}`),
  );
  const direct = await sample(() => harbor.executions.list({ policyId, page: 1, pageSize: PAGE_SIZE }));
  const lastPage = Math.max(1, Math.ceil(list.body.total / PAGE_SIZE));
  const deepViaServer = await sample(() =>
    client.get(`${apiPaths.executions(setup.id)}?page=${lastPage}&pageSize=${PAGE_SIZE}`),
  );
  const tasksViaServer = await sample(() =>
    client.get<Page<Task>>(`${apiPaths.tasks(setup.id, newest.id)}?page=1&pageSize=${PAGE_SIZE}`),
  );
  const tasksDirect = await sample(() =>
    harbor.executions.tasks(newest.id, { page: 1, pageSize: PAGE_SIZE }),
  );
  const tasksPage = await client.get<Page<Task>>(
    `${apiPaths.tasks(setup.id, newest.id)}?page=1&pageSize=${PAGE_SIZE}`,
  );

  const row = (figure: string, server: number[], base: number[], baseLabel: string): Figure => ({
    figure,
    value: `${fmt(median(server), 'ms', 1)} (p95 ${fmt(percentile(server, 95), 'ms', 1)})`,
    baseline: `${fmt(median(base), 'ms', 1)} ${baseLabel}`,
    ratio: `${(median(server) / median(base)).toFixed(2)}×`,
    verdict: 'no budget',
  });
  figures.push(
    row(
      `first page of executions (${PAGE_SIZE} of ${list.body.total})`,
      viaServer,
      direct,
      'the same Harbor call, direct',
    ),
    row(
      `last page of executions (page ${lastPage})`,
      deepViaServer,
      viaServer,
      'first page through the server',
    ),
    row(
      `first page of tasks (${PAGE_SIZE} of ${tasksPage.body.total}, newest execution)`,
      tasksViaServer,
      tasksDirect,
      'the same Harbor call, direct',
    ),
  );
  notes.push(
    `Each page time is the median of ${SAMPLES} sequential requests after the data was created; "direct" is @hw/harbor-client calling the simulator from the benchmark process.`,
  );
  const serverRss = server.rssMb();
  notes.push(
    `Server RSS after the timeline requests: ${fmt(serverRss, 'MB')}; source simulator RSS: ${fmt(sourceHost.rssMb(), 'MB')} (it keeps every task and its log in memory).`,
  );

  const portal = 60 / PORTAL_POLL_SECONDS;
  for (const p of polling.figures) {
    figures.push({
      figure: `web app polling, ${p.when}`,
      value: p.perMinute === null ? 'not measured' : `${fmt(p.perMinute, 'req/min', 1)}`,
      baseline: `${portal.toFixed(0)} req/min (Harbor portal, every ${PORTAL_POLL_SECONDS} s)`,
      ratio: p.perMinute === null ? undefined : `${(p.perMinute / portal).toFixed(2)}×`,
      verdict: p.perMinute === null ? 'not measured' : 'no budget',
    });
  }
  notes.push(...polling.notes);
  report(figures, notes);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  report(
    figures.length > 0
      ? figures
      : [{ figure: 'first page of executions', value: 'not measured', verdict: 'not measured' }],
    [...notes, `Stopped: ${message}`],
  );
} finally {
  await server.stop();
  await Promise.all([sourceHost.stop(), targetHost.stop()]);
  if (webCopy) rmSync(webCopy, { recursive: true, force: true });
}
