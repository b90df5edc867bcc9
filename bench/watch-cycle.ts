// One watch cycle over 50 Harbors × 20 rules: every watched rule polled once, as the server's
// poller does every 30 s. The 50 Harbors are 50 harbor-sim instances in one child process, each
// behind a counting pass-through (so Harbor calls are counted where Harbor would see them); rule i
// of Harbor h pushes to Harbor h+1. The server's poller runs in this process (driven by `tick()`,
// with a clock the benchmark moves), so its CPU time and RSS are this process's.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createHarborClient } from '@hw/harbor-client';
import type { HarborClient } from '@hw/harbor-client';

import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { WatchRecord } from '../apps/server/src/storage/watch-store.ts';
import { watchSecretAad } from '../apps/server/src/storage/watch-store.ts';
import type { PollRecord } from '../apps/server/src/watch/watch-hub.ts';
import { nowMs, rssMb } from './lib/measure.ts';
import { startSimHost } from './lib/processes.ts';
import { benchReport, fmt, verdict, type Figure } from './lib/result.ts';
import type { CallStats } from './lib/sim-host.ts';

const HARBORS = 50;
const RULES_PER_HARBOR = 20;
const ADMIN = { username: 'admin', password: 'Bench-Admin-Pass-1' };
const SETUP_CONCURRENCY = 8;
const IDLE_CALLS_BUDGET = 1;

const report = benchReport('watch-cycle', `Watch cycle (${HARBORS} Harbors × ${RULES_PER_HARBOR} rules)`);

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

const names = Array.from({ length: HARBORS }, (_, i) => `h${i}`);
const host = await startSimHost(
  {
    sims: names.map((name) => ({
      name,
      seed: `target-${name}`,
      admin: ADMIN,
      scale: { repositories: 3, tagsPerRepository: 2 },
      counted: true,
    })),
  },
  300_000,
);
const url = (i: number) => host.sims[names[i % HARBORS] ?? '']?.url ?? '';
const admin = (i: number): HarborClient => createHarborClient({ baseUrl: url(i), ...ADMIN });

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hw-bench-watch-'));
let clock = Date.parse('2026-12-06T06:00:00Z');
const config = loadConfig({ DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'error', SECRET_KEY: 'ab'.repeat(32) });
const app = await buildApp(config, { watchTimer: false, now: () => new Date(clock), logLevel: 'error' });
await app.ready();
const polls: PollRecord[] = [];
app.ctx.watchHub.subscribe({ poll: (p) => polls.push(p) });

async function stats(): Promise<CallStats> {
  const all = await Promise.all(
    names.map(async (_, i) => (await fetch(`${url(i)}/__bench/stats`)).json() as Promise<CallStats>),
  );
  return all.reduce(
    (sum, s) => ({
      total: sum.total + s.total,
      peakConcurrent: Math.max(sum.peakConcurrent, s.peakConcurrent),
      inFlight: 0,
      byPath: Object.fromEntries(
        [...new Set([...Object.keys(sum.byPath), ...Object.keys(s.byPath)])].map((k) => [
          k,
          (sum.byPath[k] ?? 0) + (s.byPath[k] ?? 0),
        ]),
      ),
    }),
    { total: 0, peakConcurrent: 0, inFlight: 0, byPath: {} },
  );
}
const resetStats = () => Promise.all(names.map((_, i) => fetch(`${url(i)}/__bench/reset`)));

/** One rule of Harbor h (source) pushing to Harbor h+1 (target), and its watch record. */
async function watchRule(h: number, r: number): Promise<void> {
  const source = admin(h);
  const target = admin(h + 1);
  const project = `w${h}-${r}`;
  await target.projects.create({ project_name: project, metadata: { public: 'false' } });
  const replication = await target.robots.create({
    name: `${project}-repl`,
    level: 'project',
    duration: -1,
    permissions: [
      { kind: 'project', namespace: project, access: [{ resource: 'repository', action: 'push' }] },
    ],
  });
  const endpoint = await source.registries.create({
    name: `${project}-to-h${(h + 1) % HARBORS}`,
    type: 'harbor',
    url: url(h + 1),
    credential: {
      type: 'basic',
      access_key: replication.name ?? '',
      access_secret: replication.secret ?? '',
    },
  });
  const policy = await source.policies.create({
    name: `${project}-rule`,
    enabled: true,
    dest_registry: { id: endpoint.id },
    dest_namespace: project,
    // Matches nothing: the execution finishes at once with no task, the watch still reads it.
    filters: [{ type: 'name', value: 'nothing-here/**' }],
    trigger: { type: 'manual' },
  });
  await source.executions.start(policy.id);
  const ruleRobot = await source.robots.create({
    name: `replication-watch-${project}`,
    level: 'system',
    duration: 180,
    permissions: [
      {
        kind: 'system',
        namespace: '/',
        access: [
          { resource: 'replication', action: 'list' },
          { resource: 'replication', action: 'read' },
          { resource: 'replication-policy', action: 'read' },
          { resource: 'registry', action: 'read' },
          { resource: 'jobservice-monitor', action: 'list' },
        ],
      },
    ],
  });
  const robotReader = await target.robots.create({
    name: `replication-watch-${project}`,
    level: 'system',
    duration: 180,
    permissions: [{ kind: 'project', namespace: project, access: [{ resource: 'robot', action: 'read' }] }],
  });
  const harbor = (i: number) => ({
    url: url(i),
    tls: { mode: 'verify' as const },
    demo: false,
    version: '2.15.2',
  });
  const record: WatchRecord = {
    id: randomUUID(),
    setupId: randomUUID(),
    createdAt: new Date(clock).toISOString(),
    config: {
      name: project,
      mode: 'push',
      harbors: { source: harbor(h), target: harbor(h + 1) },
      rule: { policyId: policy.id, name: `${project}-rule`, side: 'source' },
      endpoint: { id: endpoint.id, name: `${project}-endpoint`, side: 'source' },
      replicationRobot: {
        side: 'target',
        id: replication.id ?? 0,
        name: replication.name ?? '',
        project,
        expiresAt: -1,
      },
      watchRobots: [
        {
          side: 'source',
          id: ruleRobot.id ?? 0,
          name: ruleRobot.name ?? '',
          expiresAt: ruleRobot.expires_at ?? -1,
          readsJobService: true,
          readsReplicationRobot: false,
        },
        {
          side: 'target',
          id: robotReader.id ?? 0,
          name: robotReader.name ?? '',
          expiresAt: robotReader.expires_at ?? -1,
          readsJobService: false,
          readsReplicationRobot: true,
        },
      ],
    },
    state: null,
    nextPollAt: clock,
    pollFailures: 0,
  };
  const { vault } = app.ctx;
  await app.ctx.storage.watches.create(record, [
    { side: 'source', sealed: vault.seal(ruleRobot.secret ?? '', watchSecretAad(record.id, 'source')) },
    { side: 'target', sealed: vault.seal(robotReader.secret ?? '', watchSecretAad(record.id, 'target')) },
  ]);
}

const setupStarted = nowMs();
const rules = names.flatMap((_, h) => Array.from({ length: RULES_PER_HARBOR }, (__, r) => [h, r] as const));
await pool(rules, SETUP_CONCURRENCY, ([h, r]) => watchRule(h, r));
const setupMs = nowMs() - setupStarted;

type Cycle = { calls: CallStats; polls: PollRecord[]; cpuMs: number; wallMs: number; rssMb: number | null };

async function cycle(): Promise<Cycle> {
  await resetStats();
  polls.length = 0;
  const cpu = process.cpuUsage();
  const started = nowMs();
  // A tick takes up to 500 due watches; the next one takes the rest, as the timer's next second would.
  while ((await app.ctx.watchPoller.tick()) > 0);
  const wallMs = nowMs() - started;
  const used = process.cpuUsage(cpu);
  return {
    calls: await stats(),
    polls: [...polls],
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    rssMb: rssMb(),
  };
}

// First cycle: each watch's first poll (policy, endpoint health and robot expiry read once).
const first = await cycle();
// Steady state: 30 s later, every rule idle.
clock += 30_000;
const idle = await cycle();
const rules1000 = HARBORS * RULES_PER_HARBOR;
const perPoll = (c: Cycle) => c.calls.total / Math.max(1, c.polls.length);
const failedPolls = (c: Cycle) => c.polls.filter((p) => !p.ok).length;
const pathList = (c: Cycle) =>
  Object.entries(c.calls.byPath)
    .sort((a, b) => b[1] - a[1])
    .map(([p, count]) => `${p} × ${count}`)
    .join('; ');

const figures: Figure[] = [
  {
    figure: 'Harbor calls per idle cycle (every rule polled once, 30 s after the first)',
    value: `${idle.calls.total} (${perPoll(idle).toFixed(2)} per rule)`,
    baseline: `${idle.polls.length} rules polled, ${failedPolls(idle)} failed`,
    budget: `≤ ${IDLE_CALLS_BUDGET} per rule`,
    verdict: verdict(idle.polls.length === rules1000 && perPoll(idle) <= IDLE_CALLS_BUDGET),
  },
  {
    figure: 'Harbor calls in the first cycle (policy, endpoint health and robot expiry read once)',
    value: `${first.calls.total} (${perPoll(first).toFixed(2)} per rule)`,
    baseline: `${first.polls.length} rules polled, ${failedPolls(first)} failed`,
    verdict: 'no budget',
  },
  {
    figure: 'server CPU time of one idle cycle (user + system)',
    value: fmt(idle.cpuMs, 'ms', 0),
    baseline: `${fmt(idle.cpuMs / Math.max(1, idle.polls.length), 'ms', 2)} per poll; first cycle ${fmt(first.cpuMs, 'ms', 0)}`,
    verdict: 'no budget',
  },
  {
    figure: 'wall time of one idle cycle',
    value: fmt(idle.wallMs, 'ms', 0),
    baseline: `first cycle ${fmt(first.wallMs, 'ms', 0)}; at most ${config.watch.concurrency} polls at once, 2 per rule's Harbor (peak requests seen at one Harbor, which is also the other Harbor of its neighbour's rules: ${idle.calls.peakConcurrent})`,
    verdict: verdict(idle.wallMs < config.watch.pollMs),
    budget: `< ${config.watch.pollMs / 1000} s (the poll interval)`,
  },
  {
    figure: 'server RSS after the cycles',
    value: fmt(idle.rssMb, 'MB'),
    baseline: `${fmt(first.rssMb, 'MB')} after the first cycle; simulators (other process) ${fmt(host.rssMb(), 'MB')}`,
    verdict: 'no budget',
  },
];

report(figures, [
  `${HARBORS} harbor-sim instances in one child process (all ${HARBORS} fit; seeding ${fmt(setupMs / 1000, 's')} for setup of ${rules1000} rules, each with a project, a replication robot, an endpoint, a rule, one execution and two watch robots), each behind a counting pass-through: calls are counted at the Harbors.`,
  "The poller runs in the benchmark process (as in the server, with the SQLite archive in a temporary DATA_DIR), so its CPU time and RSS are this process's; the simulators run in another process.",
  `Idle cycle calls by path: ${pathList(idle)}.`,
  `First cycle calls by path: ${pathList(first)}.`,
]);

await app.close();
await host.stop();
rmSync(dataDir, { recursive: true, force: true });
