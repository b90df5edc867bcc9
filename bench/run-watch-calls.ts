// Harbor calls per minute while one execution runs and browser tabs watch it on the run step.
// The execution is held InProgress by the source simulator (`/__sim/executions/hold`) for the whole
// measurement; a counting pass-through in front of the source Harbor (the rule's Harbor in push
// mode, the only one the run step reads) records every call. A "tab" does over HTTP what the run
// step does: today, its first reads (execution, first page of tasks, executions list, chart) and
// the server-sent event stream; before, the same reads repeated every 2 s (the baseline, measured
// in the same run with the same server, emulating the old `refetchInterval`s).
import type { Execution } from '@hw/wizard-api';
import { apiPaths, EXECUTION_EVENTS } from '@hw/wizard-api';

import { ApiClient } from './lib/api-client.ts';
import { sleep } from './lib/measure.ts';
import { startServer, startSimHost } from './lib/processes.ts';
import { benchReport, fmt, verdict, type Figure } from './lib/result.ts';
import type { CallStats } from './lib/sim-host.ts';
import { createManualRule, filters, pushSetupToRule, replicateNow } from './lib/wizard-flow.ts';

const BUDGET_PER_MINUTE = 15;
/** The live feed's windows are one real minute: its 5 s and 20 s periods fit in it as they are. */
const LIVE_WINDOW_MS = 60_000;
/** The old polling is steady (every 2 s), so a shorter window scaled to a minute tells the same. */
const OLD_WINDOW_MS = 20_000;
const OLD_POLL_MS = 2_000;
/** Tabs open and load their page before a window starts: the windows count steady watching. */
const SETTLE_MS = 3_000;
const SOURCE_ADMIN = { username: 'admin', password: 'Bench-Source-Pass-1' };
const TARGET_ADMIN = { username: 'admin', password: 'Bench-Target-Pass-2' };

const report = benchReport('run-watch-calls', 'Run step: Harbor calls per minute while one execution runs');
const notes: string[] = [];
const sims = await startSimHost({
  sims: [
    { name: 'source', seed: 'bench-source', admin: SOURCE_ADMIN, counted: true },
    { name: 'target', seed: 'bench-target', admin: TARGET_ADMIN },
  ],
});
const server = await startServer({ env: { DEMO: '0' } });
const source = sims.sims.source!;
const target = sims.sims.target!;

const stats = async (): Promise<CallStats> =>
  (await (await fetch(`${source.url}/__bench/stats`)).json()) as CallStats;
const resetStats = async (): Promise<void> => {
  await (await fetch(`${source.url}/__bench/reset`)).arrayBuffer();
};
const simControl = async (path: string, body: unknown): Promise<void> => {
  const res = await fetch(`${source.directUrl}/__sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`/__sim/${path}: ${res.status} ${await res.text()}`);
};

/** Server requests one tab made, by kind. */
type TabCount = { requests: number; streams: number; events: number };

/** The reads the run step makes when it opens on a running execution (and repeated every 2 s before). */
async function pageReads(client: ApiClient, setupId: string, executionId: number, count: TabCount) {
  const reads = [
    apiPaths.execution(setupId, executionId),
    `${apiPaths.tasks(setupId, executionId)}?page=1&pageSize=15`,
    `${apiPaths.executions(setupId)}?page=1&pageSize=10`,
    `${apiPaths.executions(setupId)}?page=1&pageSize=50`,
  ];
  await Promise.all(reads.map((path) => client.get(path)));
  count.requests += reads.length;
}

/** One browser tab on the run step of execution `executionId`, counting into `count` until `signal`. */
type Tab = (
  client: ApiClient,
  setupId: string,
  executionId: number,
  signal: AbortSignal,
  count: TabCount,
) => Promise<void>;

/** A tab of today's run step: its first reads, then the event stream until `signal` aborts. */
const liveTab: Tab = async (client, setupId, executionId, signal, count) => {
  await pageReads(client, setupId, executionId, count);
  count.requests += 1;
  count.streams += 1;
  try {
    const res = await fetch(`${server.url}${apiPaths.executionEvents(setupId, executionId)}`, {
      headers: { accept: 'text/event-stream', cookie: client.cookie },
      signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      const names: string[] = Object.values(EXECUTION_EVENTS);
      count.events += blocks.filter((b) => names.includes(/^event: (.*)$/m.exec(b)?.[1] ?? '')).length;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
};

/** A tab of the run step before this change: the same reads every 2 s. */
const pollingTab: Tab = async (client, setupId, executionId, signal, count) => {
  while (!signal.aborted) {
    await pageReads(client, setupId, executionId, count);
    await sleep(OLD_POLL_MS);
  }
};

type Window = {
  tabs: number;
  windowMs: number;
  harborCalls: number;
  /** What each tab did inside the window (its page load came before it). */
  perTab: TabCount[];
  calls: CallStats;
  /** Harbor calls while the tabs opened (page loads, the feed's first poll). */
  openingCalls: number;
};

const snapshot = (counts: TabCount[]) => counts.map((c) => ({ ...c }));

/** Opens `tabs` tabs, lets them load, then counts a window of steady watching. */
async function measure(
  tabs: number,
  windowMs: number,
  tab: Tab,
  clients: ApiClient[],
  setupId: string,
  executionId: number,
): Promise<Window> {
  await resetStats();
  const abort = new AbortController();
  const counts = clients.slice(0, tabs).map(() => ({ requests: 0, streams: 0, events: 0 }));
  const running = clients
    .slice(0, tabs)
    .map((c, i) => tab(c, setupId, executionId, abort.signal, counts[i]!));
  await sleep(SETTLE_MS);
  const openingCalls = (await stats()).total;
  await resetStats();
  const before = snapshot(counts);
  await sleep(windowMs);
  const calls = await stats();
  const after = snapshot(counts);
  abort.abort();
  await Promise.all(running);
  // Let the server see the tabs leave (its feed stops) before the next window starts.
  await sleep(500);
  const perTab = after.map((a, i) => ({
    requests: a.requests - (before[i]?.requests ?? 0),
    streams: a.streams - (before[i]?.streams ?? 0),
    events: a.events - (before[i]?.events ?? 0),
  }));
  return { tabs, windowMs, harborCalls: calls.total, perTab, calls, openingCalls };
}

const perMinute = (n: number, windowMs: number) => (n * 60_000) / windowMs;
const describeCalls = (c: CallStats) =>
  Object.entries(c.byPath)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ') || 'none';

try {
  const owner = new ApiClient(server.url);
  const setup = await pushSetupToRule(
    owner,
    { source: { url: source.url, admin: SOURCE_ADMIN }, target: { url: target.url, admin: TARGET_ADMIN } },
    { project: 'watched', robot: 'watched', endpoint: 'watched-target' },
  );
  const samples = (await owner.get<{ items: string[] }>(apiPaths.sampleRepositories(setup.id))).body;
  const project = samples.items[0]?.split('/')[0] ?? 'library';
  const ruled = await createManualRule(owner, setup.id, 'watched', filters(`${project}/**`));
  const policyId = ruled.policy?.id;
  if (policyId === undefined) throw new Error('the rule was not created');
  // One finished run first, so the page shows its chart of recent executions as it would.
  const first = await replicateNow(owner, setup.id);
  for (let i = 0; i < 600; i += 1) {
    const e = (await owner.get<Execution>(apiPaths.execution(setup.id, first.id))).body;
    if (e.final) break;
    await sleep(100);
  }
  await simControl('executions/hold', { policy_id: policyId });
  const held = await replicateNow(owner, setup.id);
  await sleep(2_000);
  // Every tab is a browser tab of the same session (same cookie), as when one operator opens several.
  const clients = Array.from({ length: 5 }, () => {
    const c = new ApiClient(server.url);
    c.cookie = owner.cookie;
    return c;
  });

  const old1 = await measure(1, OLD_WINDOW_MS, pollingTab, clients, setup.id, held.id);
  const old5 = await measure(5, OLD_WINDOW_MS, pollingTab, clients, setup.id, held.id);
  const live1 = await measure(1, LIVE_WINDOW_MS, liveTab, clients, setup.id, held.id);
  const live5 = await measure(5, LIVE_WINDOW_MS, liveTab, clients, setup.id, held.id);
  const still = (await owner.get<Execution>(apiPaths.execution(setup.id, held.id))).body;
  await simControl('executions/release', {});

  const calls = (w: Window) => perMinute(w.harborCalls, w.windowMs);
  const requestsPerTab = (w: Window) =>
    perMinute(w.perTab.reduce((n, t) => n + t.requests, 0) / w.tabs, w.windowMs);
  const figures: Figure[] = [
    {
      figure: 'Harbor calls per minute, 1 tab',
      value: fmt(calls(live1), '/min', 0),
      baseline: `${fmt(calls(old1), '/min', 0)} with the old 2 s polling`,
      ratio: `${(calls(live1) / calls(old1)).toFixed(2)}×`,
      budget: `≤ ${BUDGET_PER_MINUTE}/min`,
      verdict: verdict(calls(live1) <= BUDGET_PER_MINUTE),
    },
    {
      figure: 'Harbor calls per minute, 5 tabs',
      value: fmt(calls(live5), '/min', 0),
      baseline: `${fmt(calls(old5), '/min', 0)} with the old 2 s polling`,
      ratio: `${(calls(live5) / calls(old5)).toFixed(2)}×`,
      budget: `≤ ${BUDGET_PER_MINUTE}/min and = 1 tab`,
      verdict: verdict(calls(live5) <= BUDGET_PER_MINUTE && live5.harborCalls === live1.harborCalls),
    },
    {
      figure: 'server requests per minute per tab, once loaded',
      value: fmt(requestsPerTab(live1), '/min', 0),
      baseline: `${fmt(requestsPerTab(old1), '/min', 0)} with the old 2 s polling`,
      ratio: `${(requestsPerTab(live1) / requestsPerTab(old1)).toFixed(2)}×`,
      verdict: 'no budget',
    },
  ];
  const events = (w: Window) => w.perTab.map((t) => t.events).join(', ');
  notes.push(
    `Push setup against harbor-sim (server with DEMO=0: the demo Harbors live inside the server process, where no pass-through can count their calls). Execution ${held.id} was ${still.status} when the last window closed; one finished execution before it, so the page has its chart.`,
    `Each window starts ${SETTLE_MS / 1000} s after its tabs opened (page loaded, stream open) and counts steady watching. Live windows: ${LIVE_WINDOW_MS / 1000} s, a real minute. Old polling: ${OLD_WINDOW_MS / 1000} s windows scaled to a minute, the same 4 reads every ${OLD_POLL_MS / 1000} s per tab.`,
    `Harbor calls, live, 1 tab: ${live1.harborCalls} (${describeCalls(live1.calls)}); 5 tabs: ${live5.harborCalls} (${describeCalls(live5.calls)}). The shared feed reads the execution every 5 s and its first page of tasks only when the counters move (at most every 20 s, and once at the end): 12–15 per minute whatever the tabs.`,
    `Opening the page costs each tab 4 server requests and one event stream: ${live1.openingCalls} Harbor calls while 1 tab opened, ${live5.openingCalls} while 5 did (the page's first reads, 5 Harbor calls each: reading the tasks checks the execution's rule first, plus the feed's first poll); after that a tab sends nothing but keeps its stream open.`,
    `Old polling, 1 tab: ${old1.harborCalls} Harbor calls in ${OLD_WINDOW_MS / 1000} s (${describeCalls(old1.calls)}); 5 tabs: ${old5.harborCalls}.`,
    `Events received per tab over the live windows (execution/tasks/failure): 1 tab: ${events(live1)}; 5 tabs: ${events(live5)} (a held execution's counters stand still, so after the first state nothing changes and nothing is sent but the heartbeat).`,
  );
  report(figures, notes);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  report(
    [
      {
        figure: 'Harbor calls per minute, 1 tab',
        value: 'not measured',
        budget: `≤ ${BUDGET_PER_MINUTE}/min`,
        verdict: 'not measured',
      },
    ],
    [...notes, `Could not measure: ${message}`],
  );
} finally {
  await server.stop();
  await sims.stop();
}
