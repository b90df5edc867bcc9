// Dry-run preview at scale: the source simulator holds 1,000 extra repositories × 20 tags; the
// preview of a rule matching all of them goes through the server's preview route, and a counting
// pass-through in front of the source Harbor records every call and the peak number in flight.
// Baseline: the same listings fetched straight from the simulator with @hw/harbor-client, 8 at a time.
import { collectAll, createHarborClient } from '@hw/harbor-client';
import type { PreviewResult } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import { ApiClient, ApiError } from './lib/api-client.ts';
import { median, nowMs, sleep } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import type { CallStats } from './lib/sim-host.ts';
import { benchReport, fmt, verdict, type Figure } from './lib/result.ts';
import { connect, filters, previewRequest, pushSetupToRule, startSetup } from './lib/wizard-flow.ts';

const SCALE = { repositories: 1000, tagsPerRepository: 20 };
const TIME_BUDGET_MS = 3000;
const CONCURRENCY_BUDGET = 8;
const WARM_RUNS = 2;
/** Cold previews, each in a new session and setup so no earlier scan can be reused. */
const COLD_RUNS = 3;
const SOURCE_ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };
const FILTER = filters('bench/**');

const report = benchReport('dry-run-preview', 'Dry-run preview at scale (1,000 repositories × 20 tags)');
const notes: string[] = [];
const sims = await startSimHost({
  sims: [
    { name: 'source', seed: 'bench-source', admin: SOURCE_ADMIN, scale: SCALE, counted: true },
    { name: 'target', seed: 'bench-target', admin: TARGET_ADMIN },
  ],
});
const server = await startServer({ env: { DEMO: '0' } });
const sourceUrl = sims.sims.source?.url ?? '';
const source = { url: sourceUrl, admin: SOURCE_ADMIN };
const target = { url: sims.sims.target?.url ?? '', admin: TARGET_ADMIN };

const stats = async (): Promise<CallStats> =>
  (await (await fetch(`${sourceUrl}/__bench/stats`)).json()) as CallStats;
const reset = async (): Promise<void> => {
  await (await fetch(`${sourceUrl}/__bench/reset`)).arrayBuffer();
};

/** Samples the server's RSS while `fn` runs; returns the peak seen. */
async function withRssPeak<T>(fn: () => Promise<T>): Promise<{ value: T; peakRss: number | null }> {
  let peak = server.rssMb();
  let running = true;
  const sampler = (async () => {
    while (running) {
      const now = server.rssMb();
      if (now !== null && (peak === null || now > peak)) peak = now;
      await sleep(25);
    }
  })();
  try {
    return { value: await fn(), peakRss: peak };
  } finally {
    running = false;
    await sampler;
  }
}

async function previewOnce(
  client: ApiClient,
  setupId: string,
): Promise<{ ms: number; result: PreviewResult; calls: CallStats; peakRss: number | null }> {
  await reset();
  const { value, peakRss } = await withRssPeak(() =>
    client.post<PreviewResult>(apiPaths.preview(setupId), previewRequest(FILTER)),
  );
  return { ms: value.ms, result: value.body, calls: await stats(), peakRss };
}

async function baselineFetch(): Promise<{
  ms: number;
  calls: CallStats;
  repositories: number;
  tags: number;
}> {
  await reset();
  const harbor = createHarborClient({
    baseUrl: sourceUrl,
    username: SOURCE_ADMIN.username,
    password: SOURCE_ADMIN.password,
  });
  const t0 = nowMs();
  const repos = await collectAll((page, pageSize) => harbor.repositories.list('bench', { page, pageSize }));
  let next = 0;
  let tags = 0;
  const worker = async (): Promise<void> => {
    while (next < repos.length) {
      const repo = repos[next++];
      if (!repo?.name) continue;
      const below = repo.name.slice('bench/'.length);
      const artifacts = await collectAll((page, pageSize) =>
        harbor.artifacts.list('bench', below, { page, pageSize, withTag: true }),
      );
      tags += artifacts.reduce((n, a) => n + (a.tags?.length ?? 0), 0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY_BUDGET }, () => worker()));
  return { ms: nowMs() - t0, calls: await stats(), repositories: repos.length, tags };
}

try {
  notes.push(
    `Simulator seeded ${SCALE.repositories} repositories × ${SCALE.tagsPerRepository} tags in ${fmt((sims.sims.source?.seedMs ?? 0) / 1000, 's')} (project "bench", every tenth nested one level deeper), besides its usual seed data.`,
  );
  const client = new ApiClient(server.url);
  const setup = await startSetup(client, 'push');
  await connect(client, setup.id, 'target', target);
  await connect(client, setup.id, 'source', source);
  let setupId = setup.id;
  let reached = 'both Harbors connected';
  try {
    await client.post(apiPaths.preview(setupId), previewRequest(filters('library/nginx')));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 404) throw error;
    // The preview wants more of the setup done first: walk the push path up to the rule step.
    const full = await pushSetupToRule(
      new ApiClient(server.url),
      { source, target },
      { project: 'bench-preview', robot: 'bench-preview', endpoint: 'bench-target' },
    );
    setupId = full.id;
    reached = `setup walked to the rule step (preview answered ${error.status} before)`;
  }

  const colds = [await previewOnce(client, setupId)];
  const warm: Awaited<ReturnType<typeof previewOnce>>[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await previewOnce(client, setupId));
  for (let i = 1; i < COLD_RUNS; i++) {
    const other = new ApiClient(server.url);
    const fresh = await startSetup(other, 'push');
    await connect(other, fresh.id, 'target', target);
    await connect(other, fresh.id, 'source', source);
    colds.push(await previewOnce(other, fresh.id));
  }
  const coldMs = median(colds.map((c) => c.ms));
  const cold = colds[0] ?? (await previewOnce(client, setupId));
  const base = await baselineFetch();
  const rssAfter = server.rssMb();

  const t = cold.result.totals;
  const figures: Figure[] = [
    {
      figure: `time to full preview (new setup, median of ${COLD_RUNS})`,
      value: fmt(coldMs, 'ms', 0),
      baseline: `${fmt(base.ms, 'ms', 0)} fetching the same listings directly, 8 at a time`,
      ratio: `${(coldMs / base.ms).toFixed(2)}×`,
      budget: `≤ ${TIME_BUDGET_MS} ms`,
      verdict: verdict(coldMs <= TIME_BUDGET_MS),
    },
    {
      figure: 'time to full preview (same request again, median)',
      value: fmt(median(warm.map((w) => w.ms)), 'ms', 0),
      baseline: fmt(base.ms, 'ms', 0),
      ratio: `${(median(warm.map((w) => w.ms)) / base.ms).toFixed(2)}×`,
      budget: `≤ ${TIME_BUDGET_MS} ms`,
      verdict: verdict(median(warm.map((w) => w.ms)) <= TIME_BUDGET_MS),
    },
    {
      figure: 'Harbor calls (counted at the simulator)',
      value: `${cold.calls.total}`,
      baseline: `${base.calls.total} direct; the server reported ${cold.result.harborCalls}`,
      ratio: `${(cold.calls.total / base.calls.total).toFixed(2)}×`,
      verdict: 'no budget',
    },
    {
      figure: 'peak concurrent Harbor calls',
      value: `${Math.max(...colds.map((c) => c.calls.peakConcurrent))}`,
      baseline: `${base.calls.peakConcurrent} direct`,
      budget: `≤ ${CONCURRENCY_BUDGET}`,
      verdict: verdict(
        Math.max(...colds.map((c) => c.calls.peakConcurrent), ...warm.map((w) => w.calls.peakConcurrent)) <=
          CONCURRENCY_BUDGET,
      ),
    },
    {
      figure: 'server RSS (peak during preview / after)',
      value: `${fmt(Math.max(...colds.map((c) => c.peakRss ?? 0), ...warm.map((w) => w.peakRss ?? 0)), 'MB')} / ${fmt(rssAfter, 'MB')}`,
      verdict: 'no budget',
    },
  ];
  notes.push(
    `Setup: ${reached}. Filter: name \`bench/**\`, every tag, destination flattening 1. The server's answer: ${t.matchedRepositories} of ${t.scannedRepositories} repositories matched, ${t.tags} tags, ${t.artifacts} artifacts, ${t.collisions} collisions, ${t.errors} errors; page 1 carries ${cold.result.items.length} of ${cold.result.total}.`,
    `Baseline read ${base.repositories} repositories and ${base.tags} tags with @hw/harbor-client (page size 100) through the same counting pass-through.`,
    `Cold previews (each a new session and setup): ${colds.map((c) => `${c.ms.toFixed(0)} ms / ${c.calls.total} calls / peak ${c.calls.peakConcurrent}`).join('; ')}.`,
    `Same request again: ${warm.map((w) => `${w.ms.toFixed(0)} ms / ${w.calls.total} calls / peak ${w.calls.peakConcurrent}`).join('; ')}${warm.every((w) => w.calls.total === 0) ? ' (answered without calling Harbor: the server reuses its scan, so the cold runs are the ones that count)' : ''}.`,
    `Calls by path (first run): ${Object.entries(cold.calls.byPath)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ')}.`,
  );
  report(figures, notes);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  report(
    [
      {
        figure: 'time to full preview',
        value: 'not measured',
        budget: `≤ ${TIME_BUDGET_MS} ms`,
        verdict: 'not measured',
      },
      {
        figure: 'peak concurrent Harbor calls',
        value: 'not measured',
        budget: `≤ ${CONCURRENCY_BUDGET}`,
        verdict: 'not measured',
      },
    ],
    [...notes, `Could not reach the preview through the server: ${message}`],
  );
} finally {
  await server.stop();
  await sims.stop();
}
