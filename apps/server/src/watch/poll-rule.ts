// One poll of one watched rule with the watch robots, making as few Harbor calls as possible: one
// list of the rule's newest executions (counters included) every time; everything else paced and
// only when it can tell something new (the policy, the endpoint's health, the job service queue
// while a run waits, the replication robot's expiry), and a failed run's tasks and logs once.
import type { HarborClient, HarborReplicationExecution, HarborReplicationTask } from '@hw/harbor-client';
import { REPLICATION_JOB_TYPE, isHarborError, nextCronRuns, parseHarborTime } from '@hw/harbor-client';
import type { ArchivedTask, HarborSide, WatchExecution, WatchSummary } from '@hw/wizard-api';

import type { WatchPollerConfig } from '../config.ts';
import { ApiFailure } from '../errors.ts';
import type { HarborConnector } from '../harbor/connector.ts';
import type { ArchivedExecution, ArchiveStore } from '../storage/archive-store.ts';
import type { WatchRecord } from '../storage/watch-store.ts';
import { toExecution, toTask } from '../wizard/executions.ts';
import { clockSkewSeconds } from './harbor-clock.ts';
import { decideVerdict, type HarborProblem, type RobotExpiry } from './verdict.ts';
import { readWatchState, watchMemorySchema, type WatchMemory, type WatchState } from './watch-summary.ts';

/** Executions read per poll: enough to see every run between two polls of a busy rule. */
export const EXECUTIONS_PER_POLL = 10;
/** Executions in the summary's chart. */
const RECENT_COUNT = 20;
const MINUTE = 60_000;
/** The paced reads; the replication robot's is configured (`WatchPollerConfig.robotCheckMs`). */
export const PACE = {
  policy: 10 * MINUTE,
  registry: 5 * MINUTE,
  queue: MINUTE,
} as const;
const QUEUE_SAMPLES = 5;
/** What one failed execution may add to the archive. */
export const MAX_FAILED_TASKS = 20;
export const LOG_TAIL_LINES = 20;
export const LOG_TAIL_BYTES = 4096;

export type PollDeps = {
  harbor: HarborConnector;
  archive: ArchiveStore;
  config: WatchPollerConfig;
};

export type PollOutcome = {
  state: WatchState;
  /** HTTP requests sent to both Harbors (retries included). */
  harborCalls: number;
  /** Every Harbor asked this poll answered. */
  ok: boolean;
  /** An execution of the rule is running: poll again sooner. */
  running: boolean;
};

function toWatchExecution(e: HarborReplicationExecution): ArchivedExecution {
  const execution = toExecution(e);
  const start = parseHarborTime(execution.startTime);
  const end = parseHarborTime(execution.endTime);
  return {
    ...execution,
    durationSeconds: start && end ? Math.max(0, (end.getTime() - start.getTime()) / 1000) : null,
  };
}

// "2026-12-06T06:10:38Z [ERROR] [/controller/replication/transfer/image/transfer.go]: <message>"
const LOG_ERROR = /^\S+ \[ERROR\] (?:\[[^\]]*\]:? )?(.*)$/;

/** The first error a task's log reports (the last one is jobservice's generic "mark the job failure"). */
export function firstLogError(tail: string | null): string | null {
  for (const line of (tail ?? '').split('\n')) {
    const match = LOG_ERROR.exec(line.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The last lines of a task log, bounded in lines and bytes. */
export function logTail(log: string): string {
  const lines = log.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n').slice(-LOG_TAIL_LINES);
  let tail = lines.join('\n');
  while (Buffer.byteLength(tail, 'utf8') > LOG_TAIL_BYTES) {
    const newline = tail.indexOf('\n');
    if (newline >= 0) {
      tail = tail.slice(newline + 1);
      continue;
    }
    // One line too long on its own: its end, starting at a whole UTF-8 character.
    let bytes = Buffer.from(tail, 'utf8').subarray(-LOG_TAIL_BYTES);
    while (bytes.length > 0 && ((bytes[0] ?? 0) & 0xc0) === 0x80) bytes = bytes.subarray(1);
    tail = bytes.toString('utf8');
  }
  return tail;
}

function problemOf(error: unknown, side: HarborSide, record: WatchRecord): HarborProblem | null {
  const url = record.config.harbors[side].url;
  const robot = record.config.watchRobots.find((r) => r.side === side)?.name ?? null;
  if (error instanceof ApiFailure && error.body.code === 'watch-credential-missing') {
    return { side, url, kind: 'refused', status: null, detail: error.body.message, robot };
  }
  if (!isHarborError(error)) return null;
  const detail = error.harborMessage ?? error.message;
  if (error.kind !== 'http') return { side, url, kind: 'no-answer', status: null, detail, robot };
  const status = error.status ?? null;
  if (status === 401 || status === 403) return { side, url, kind: 'refused', status, detail, robot };
  if (status !== null && status >= 500) return { side, url, kind: 'server-error', status, detail, robot };
  return null;
}

/** The watch robot's client per side, created on first use; a side that failed is not asked again. */
class Sides {
  readonly #clients = new Map<HarborSide, Promise<HarborClient>>();
  readonly problems = new Map<HarborSide, HarborProblem>();
  readonly asked = new Set<HarborSide>();
  /** Per side that answered: how far its clock runs ahead of ours (seconds), from its last answer. */
  readonly clockSkew = new Map<HarborSide, number>();
  readonly #startedAt = performance.now();
  calls = 0;

  constructor(
    private readonly harbor: HarborConnector,
    private readonly record: WatchRecord,
    /** The poll's time on our clock (injected in tests); answers arrive this much later. */
    private readonly now: Date,
  ) {}

  #noteClock(side: HarborSide, response: Response): void {
    const receivedAt = this.now.getTime() + (performance.now() - this.#startedAt);
    const skew = clockSkewSeconds(response.headers.get('date'), receivedAt);
    if (skew !== null) this.clockSkew.set(side, skew);
  }

  /** As `ask`, with `null` when Harbor answers 404 (the object is gone). */
  async askFound<T>(
    side: HarborSide,
    call: (client: HarborClient) => Promise<T>,
  ): Promise<T | null | undefined> {
    return this.ask(side, call).catch((error: unknown) => {
      if (isHarborError(error) && error.status === 404) return null;
      throw error;
    });
  }

  /**
   * The call's answer; `undefined` when the Harbor cannot be used (recorded as a problem); other
   * Harbor errors (a 404…) reach the caller.
   */
  async ask<T>(side: HarborSide, call: (client: HarborClient) => Promise<T>): Promise<T | undefined> {
    if (this.problems.has(side)) return undefined;
    this.asked.add(side);
    try {
      let client = this.#clients.get(side);
      if (!client) {
        // No retries: a Harbor that does not answer is asked again at the next (backed-off) poll.
        client = this.harbor.watchClient(this.record, side, {
          retries: 0,
          onRequest: () => {
            this.calls += 1;
          },
          onResponse: (response) => this.#noteClock(side, response),
        });
        this.#clients.set(side, client);
      }
      return await call(await client);
    } catch (error) {
      const problem = problemOf(error, side, this.record);
      if (!problem) throw error;
      this.problems.set(side, problem);
      return undefined;
    }
  }
}

const due = (last: string | undefined, every: number, now: Date) =>
  last === undefined || now.getTime() - Date.parse(last) >= every;

type RuleFacts = NonNullable<WatchState['rule']>;

function ruleFacts(
  policy: { trigger?: { type?: string; trigger_settings?: { cron?: string } }; enabled?: boolean },
  now: Date,
): RuleFacts {
  const type = policy.trigger?.type;
  const trigger = type === 'scheduled' || type === 'event_based' ? type : 'manual';
  const cron = trigger === 'scheduled' ? (policy.trigger?.trigger_settings?.cron ?? null) : null;
  const enabled = policy.enabled ?? false;
  return { trigger, cron, enabled, nextRunAt: nextRun(cron, enabled, now) };
}

/** The next scheduled run in UTC (robfig rules, as jobservice runs them), for an enabled schedule. */
function nextRun(cron: string | null, enabled: boolean, now: Date): string | null {
  const next = cron && enabled ? nextCronRuns(cron, { count: 1, from: now })[0] : undefined;
  return next ? next.toISOString() : null;
}

/** The failed tasks of one final execution and their log tails, archived once. */
async function archiveFailedTasks(
  deps: PollDeps,
  sides: Sides,
  record: WatchRecord,
  execution: ArchivedExecution,
): Promise<void> {
  const side = record.config.rule.side;
  let tasks: HarborReplicationTask[] = [];
  if (execution.failed > 0) {
    const page = await sides.askFound(side, (c) =>
      c.executions.tasks(execution.id, { status: 'Failed', page: 1, pageSize: MAX_FAILED_TASKS }),
    );
    // undefined: Harbor did not answer, try again later; null: swept before it could be read.
    if (page === undefined) return;
    tasks = page?.items ?? [];
  }
  const archived: ArchivedTask[] = [];
  for (const task of tasks) {
    const id = task.id ?? 0;
    const log = await sides.askFound(side, (c) => c.executions.taskLog(execution.id, id));
    // The Harbor stopped answering midway: try the whole execution again at a later poll.
    if (log === undefined) return;
    archived.push({ ...toTask(task), logTail: log === null || log === '' ? null : logTail(log) });
  }
  await deps.archive.saveTasks(record.id, execution.id, archived);
}

function robotsOf(
  record: WatchRecord,
  state: Pick<WatchState, 'replicationRobotRead' | 'clockSkewSeconds'>,
): RobotExpiry[] {
  const { replicationRobot, watchRobots } = record.config;
  const skew = (side: HarborSide) => state.clockSkewSeconds?.[side] ?? 0;
  return [
    {
      label: 'The replication robot',
      name: replicationRobot.name,
      side: replicationRobot.side,
      expiresAt: state.replicationRobotRead?.expiresAt ?? replicationRobot.expiresAt,
      clockSkewSeconds: skew(replicationRobot.side),
    },
    ...watchRobots.map((robot) => ({
      label: `The watch robot on the ${robot.side} Harbor`,
      name: robot.name,
      side: robot.side,
      expiresAt: robot.expiresAt,
      clockSkewSeconds: skew(robot.side),
    })),
  ];
}

export async function pollRule(deps: PollDeps, record: WatchRecord, now: Date): Promise<PollOutcome> {
  const { config } = record;
  const previous = readWatchState(record);
  const memory: WatchMemory = watchMemorySchema.parse(previous?.memory ?? {});
  const checked = { ...memory.checked };
  const nowIso = now.toISOString();
  const ruleSide = config.rule.side;
  const robotSide = config.replicationRobot.side;
  const sides = new Sides(deps.harbor, record, now);

  // 1. The rule's newest executions, every poll.
  const listed = await sides.ask(ruleSide, (c) =>
    c.executions.list({ policyId: config.rule.policyId, page: 1, pageSize: EXECUTIONS_PER_POLL }),
  );
  const ruleAnswered = listed !== undefined;
  const executions = (listed?.items ?? []).map(toWatchExecution).sort((a, b) => b.id - a.id);
  const newest = executions[0] ?? null;
  const running = ruleAnswered ? newest?.status === 'InProgress' : memory.progress !== null;

  let unarchived: number[] = [];
  if (listed) {
    unarchived = await deps.archive.upsertExecutions(record.id, executions, deps.config.archiveLimit);
    // Harbor keeps the newest `total` executions of the rule; archived ones older than that are gone.
    memory.oldestHarborId = listed.total > 0 ? await deps.archive.nthNewestId(record.id, listed.total) : null;
  }

  // 2. The policy: at start, every ~10 minutes, and when a new execution appears (it may have changed).
  const newExecution = newest !== null && newest.id > (memory.newestExecutionId ?? 0);
  let rule = previous?.rule;
  if (ruleAnswered && (newExecution || !rule || due(checked.policy, PACE.policy, now))) {
    const policy = await sides.askFound(ruleSide, (c) => c.policies.get(config.rule.policyId));
    if (policy !== undefined) {
      checked.policy = nowIso;
      memory.policyMissing = policy === null;
      if (policy) rule = ruleFacts(policy, now);
    }
  } else if (rule) {
    rule = { ...rule, nextRunAt: nextRun(rule.cron, rule.enabled, now) };
  }
  if (newest) memory.newestExecutionId = Math.max(newest.id, memory.newestExecutionId ?? 0);

  // 3. Harbor's view of the endpoint, every ~5 minutes.
  let endpointHealth = previous?.endpointHealth ?? 'unknown';
  if (ruleAnswered && due(checked.registry, PACE.registry, now)) {
    const registry = await sides.askFound(config.endpoint.side, (c) => c.registries.get(config.endpoint.id));
    if (registry !== undefined) {
      checked.registry = nowIso;
      const status = registry?.status;
      endpointHealth = status === 'healthy' ? 'healthy' : status === 'unhealthy' ? 'unhealthy' : 'unknown';
    }
  }

  // 4. The job service's REPLICATION queue, at most once a minute while a run is in progress.
  const ruleRobot = config.watchRobots.find((r) => r.side === ruleSide);
  if (!running) memory.queue = [];
  else if (ruleRobot?.readsJobService && due(checked.queue, PACE.queue, now)) {
    const queues = await sides.ask(ruleSide, (c) => c.jobService.queues());
    if (queues) {
      checked.queue = nowIso;
      const queue = queues.find((q) => q.job_type === REPLICATION_JOB_TYPE);
      memory.queue = [
        ...memory.queue,
        { at: nowIso, count: queue?.count ?? 0, paused: queue?.paused ?? false },
      ].slice(-QUEUE_SAMPLES);
    }
  }

  // 5. The replication robot's expiry on the other Harbor, hourly by default, when the watch robot may
  // read it.
  let replicationRobotRead = previous?.replicationRobotRead;
  const robotReader = config.watchRobots.find((r) => r.side === robotSide);
  if (robotReader?.readsReplicationRobot && due(checked.robot, deps.config.robotCheckMs, now)) {
    const robot = await sides.askFound(robotSide, (c) => c.robots.get(config.replicationRobot.id));
    if (robot !== undefined) {
      checked.robot = nowIso;
      if (robot?.expires_at !== undefined)
        replicationRobotRead = { expiresAt: robot.expires_at, checkedAt: nowIso };
    }
  }

  // 6. A finished run's failed tasks and log tails, once, one execution per poll and never while a
  // run is in progress (that poll budget is tight).
  if (ruleAnswered && !running) {
    const next = unarchived.at(-1);
    const execution = next === undefined ? null : await deps.archive.getExecution(record.id, next);
    if (execution) await archiveFailedTasks(deps, sides, record, execution);
  }

  // Memory: progress of the running execution, the schedule's base.
  if (ruleAnswered) {
    if (newest?.status === 'InProgress') {
      const counters = [newest.succeed, newest.failed, newest.stopped, newest.inProgress, newest.total].join(
        '/',
      );
      const same = memory.progress?.executionId === newest.id && memory.progress.counters === counters;
      memory.progress =
        same && memory.progress ? memory.progress : { executionId: newest.id, counters, movedAt: nowIso };
    } else memory.progress = null;
  }
  if (rule?.trigger === 'scheduled' && rule.cron) {
    if (memory.scheduleSince?.cron !== rule.cron) memory.scheduleSince = { cron: rule.cron, at: nowIso };
  } else memory.scheduleSince = null;
  const scheduled = await deps.archive.lastScheduled(record.id);
  if (scheduled) memory.lastScheduledStart = scheduled.startTime;

  // Each Harbor's clock as its last answer gave it (a side not asked this poll keeps the last one).
  const clockSkew: NonNullable<WatchState['clockSkewSeconds']> = { ...previous?.clockSkewSeconds };
  for (const [side, seconds] of sides.clockSkew) clockSkew[side] = seconds;

  // Problems of a Harbor not asked this time stay until it is asked again.
  const fresh = [...sides.problems.values()];
  const problems = [...fresh, ...memory.problems.filter((p) => !sides.asked.has(p.side))];
  memory.problems = problems;
  memory.checked = checked;

  const [lastFinished, lastSuccess, consecutiveFailures, recentPage] = await Promise.all([
    deps.archive.lastFinished(record.id),
    deps.archive.lastSuccess(record.id),
    deps.archive.consecutiveFailures(record.id),
    deps.archive.listExecutions(record.id, { page: 1, pageSize: RECENT_COUNT }),
  ]);
  const failedTask =
    lastFinished?.status === 'Failed'
      ? (await deps.archive.listTasks(record.id, lastFinished.id, { page: 1, pageSize: 1 })).items[0]
      : undefined;
  const lastExecution: WatchExecution | null = ruleAnswered
    ? newest && { ...newest, archivedOnly: false }
    : (previous?.observed.lastExecution ?? null);
  const facts = rule ?? { trigger: 'manual' as const, cron: null, enabled: true, nextRunAt: null };
  const bases = [memory.lastScheduledStart, memory.scheduleSince?.at]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const verdict = decideVerdict({
    now,
    stuckMs: deps.config.stuckMs,
    scheduleGraceMs: 10 * MINUTE + deps.config.pollMs,
    problems,
    ruleHarborAnswered: ruleAnswered,
    newest: lastExecution,
    lastFinished: lastFinished && { ...lastFinished, archivedOnly: false },
    consecutiveFailures,
    failedTaskError: firstLogError(failedTask?.logTail ?? null),
    policyMissing: memory.policyMissing,
    policyId: config.rule.policyId,
    rule: facts,
    scheduleBase: bases.length > 0 ? new Date(Math.max(...bases)) : null,
    progressMovedAt: memory.progress ? new Date(memory.progress.movedAt) : null,
    queue: memory.queue,
    robots: robotsOf(record, { replicationRobotRead, clockSkewSeconds: clockSkew }),
    previous: previous?.observed.conditions ?? [],
  });

  const harbors: WatchSummary['harbors'] = (['source', 'target'] as const).map((side) => {
    const problem = problems.find((p) => p.side === side);
    const before = previous?.observed.harbors.find((h) => h.side === side);
    if (problem) return { side, reachable: false, error: problem.detail };
    if (sides.asked.has(side)) return { side, reachable: true, error: null };
    return before ?? { side, reachable: null, error: null };
  });

  const state: WatchState = {
    observed: {
      lastExecution,
      recent: recentPage.items.map((e) => ({
        id: e.id,
        status: e.status,
        startTime: e.startTime,
        durationSeconds: e.durationSeconds,
      })),
      consecutiveFailures,
      lastSuccessAt: lastSuccess?.endTime ?? null,
      ...verdict,
      harbors,
      polledAt: nowIso,
    },
    ...(rule ? { rule } : {}),
    endpointHealth,
    ...(replicationRobotRead ? { replicationRobotRead } : {}),
    clockSkewSeconds: clockSkew,
    memory,
  };
  return { state, harborCalls: sides.calls, ok: fresh.length === 0, running };
}
