// What a poll concludes about a watched rule: its conditions (failing, stuck, expiring, unreachable,
// several at once) and the verdict, the worst of them, with a one-line reason in plain words. Pure:
// the poller gathers the facts, this decides.
import type { HarborSide, WatchCondition, WatchExecution, WatchSummary } from '@hw/wizard-api';
import { nextCronRuns } from '@hw/harbor-client';

type ConditionKind = WatchCondition['kind'];
type StuckReason = NonNullable<WatchSummary['stuck']>['reason'];

/** Worst first: the verdict is the first kind present. */
const RANK: readonly ConditionKind[] = ['unreachable', 'stuck', 'failing', 'expiring'];

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_DAYS = 30;
export const EXPIRY_ALERT_DAYS = 7;
/** Harbor's status_text can be a whole stack of errors: the reason stays one readable line. */
const MAX_STATUS_TEXT = 300;

/** A Harbor the poll could not use, and why. */
export type HarborProblem = {
  side: HarborSide;
  url: string;
  /** `no-answer`: network failure or timeout; `server-error`: 5xx; `refused`: 401/403 to the watch robot. */
  kind: 'no-answer' | 'server-error' | 'refused';
  status: number | null;
  detail: string;
  /** The watch robot's name (for `refused`). */
  robot: string | null;
};

export type QueueSample = { at: string; count: number; paused: boolean };

export type RobotExpiry = {
  /** e.g. "The replication robot", "The watch robot on the target Harbor". */
  label: string;
  name: string;
  /** The Harbor the robot lives on (which enforces its expiry with its own clock). */
  side: HarborSide;
  /** Unix seconds on that Harbor's clock; -1 never; null unknown. */
  expiresAt: number | null;
  /** How far that Harbor's clock runs ahead of `now` (seconds; negative: behind). */
  clockSkewSeconds: number;
};

export type VerdictInput = {
  now: Date;
  stuckMs: number;
  /** How late a scheduled run may start before the rule counts as failing. */
  scheduleGraceMs: number;
  problems: HarborProblem[];
  /** Whether the rule's own Harbor answered this poll (otherwise what follows is last known). */
  ruleHarborAnswered: boolean;
  newest: WatchExecution | null;
  lastFinished: WatchExecution | null;
  consecutiveFailures: number;
  /** The first error line of the archived log of a failed task of `lastFinished` (Harbor's status_text is often empty then). */
  failedTaskError: string | null;
  policyMissing: boolean;
  policyId: number;
  rule: Pick<WatchSummary['rule'], 'trigger' | 'cron' | 'enabled'>;
  /** A scheduled run is expected after this time (the newest scheduled start, or when the schedule was first seen). */
  scheduleBase: Date | null;
  /** When the counters of `newest` (InProgress) last moved. */
  progressMovedAt: Date | null;
  /** The REPLICATION queue at the last checks, oldest first (only while an execution runs). */
  queue: QueueSample[];
  robots: RobotExpiry[];
  previous: WatchCondition[];
};

export type Verdict = Pick<WatchSummary, 'conditions' | 'verdict' | 'reason' | 'stuck'>;

/** "2026-12-06 03:00 UTC". */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "45 minutes", "3 hours", "2 days". */
export function spanInWords(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 1) return plural(Math.max(0, Math.floor(ms / 1000)), 'second');
  if (minutes < 120) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_STATUS_TEXT ? `${flat.slice(0, MAX_STATUS_TEXT - 1)}…` : flat;
}

type Found = { kind: ConditionKind; severity: WatchCondition['severity']; message: string };

function unreachable(problems: HarborProblem[]): Found[] {
  return problems.map((p) => {
    const harbor = `The ${p.side} Harbor (${p.url})`;
    const message =
      p.kind === 'refused'
        ? `${harbor} refused the watch robot${p.robot ? ` ${p.robot}` : ''}${p.status ? ` (${p.status})` : ''}: it may have expired or been deleted. Stop watching and watch again with an admin login to create a new watch robot.`
        : p.kind === 'server-error'
          ? `${harbor} answered ${p.status ?? 'an error'}: ${oneLine(p.detail)}`
          : `${harbor} did not answer: ${oneLine(p.detail)}`;
    return { kind: 'unreachable', severity: 'alert', message };
  });
}

function done(e: WatchExecution): number {
  return e.succeed + e.failed + e.stopped;
}

function stuck(input: VerdictInput): (Found & { reason: StuckReason })[] {
  const { newest, now } = input;
  if (newest?.status !== 'InProgress') return [];
  const found: (Found & { reason: StuckReason })[] = [];
  const moved = input.progressMovedAt;
  if (moved && now.getTime() - moved.getTime() >= input.stuckMs) {
    found.push({
      kind: 'stuck',
      reason: 'no-progress',
      severity: 'alert',
      message: `Execution #${newest.id} has made no progress for ${spanInWords(now.getTime() - moved.getTime())} (${done(newest)} of ${newest.total} tasks done, ${newest.inProgress} waiting or running).`,
    });
  }
  const last = input.queue.at(-1);
  if (last?.paused) {
    found.push({
      kind: 'stuck',
      reason: 'queue-paused',
      severity: 'alert',
      message: `Harbor's job service has paused its REPLICATION queue (${last.count} jobs waiting): tasks wait until an administrator resumes it (Job Service Dashboard).`,
    });
  } else if (input.queue.length >= 3) {
    const counts = input.queue.slice(-3).map((s) => s.count);
    const growing = counts.every((c, i) => i === 0 || c > (counts[i - 1] ?? 0));
    if (growing) {
      found.push({
        kind: 'stuck',
        reason: 'queue-growing',
        severity: 'alert',
        message: `Harbor's job service REPLICATION queue keeps growing (${counts.join(' → ')} jobs waiting over the last ${counts.length} checks): its workers do not keep up.`,
      });
    }
  }
  return found;
}

function failing(input: VerdictInput): Found[] {
  const found: Found[] = [];
  if (input.policyMissing) {
    found.push({
      kind: 'failing',
      severity: 'alert',
      message: `Harbor no longer has the replication rule (ID ${input.policyId}): it was deleted, so nothing replicates.`,
    });
    return found;
  }
  const last = input.lastFinished;
  if (last?.status === 'Failed') {
    const n = Math.max(1, input.consecutiveFailures);
    const runs = n === 1 ? 'The last run' : `The last ${n} runs`;
    const tasks = `${last.failed} of ${last.total} tasks failed`;
    const why = last.statusText
      ? oneLine(last.statusText)
      : input.failedTaskError
        ? `${tasks}: ${oneLine(input.failedTaskError)}`
        : tasks;
    found.push({ kind: 'failing', severity: 'alert', message: `${runs} failed (#${last.id}): ${why}` });
  }
  const { rule } = input;
  if (rule.trigger === 'scheduled' && rule.enabled && rule.cron && input.scheduleBase) {
    const expected = nextCronRuns(rule.cron, { count: 1, from: input.scheduleBase })[0];
    if (expected && input.now.getTime() > expected.getTime() + input.scheduleGraceMs) {
      found.push({
        kind: 'failing',
        severity: 'alert',
        message: `The schedule (${rule.cron}) said the rule would run at ${utcMinute(expected)}, but Harbor has not started it.`,
      });
    }
  }
  return found;
}

/** Harbor's clock, when it is off by a minute or more: said, as it explains an unexpected count. */
function clockNote(robot: RobotExpiry): string {
  const skewMs = robot.clockSkewSeconds * 1000;
  if (Math.abs(skewMs) < MINUTE_MS) return '';
  const way = skewMs > 0 ? 'ahead of' : 'behind';
  return ` by the ${robot.side} Harbor's clock, which runs ${spanInWords(Math.abs(skewMs))} ${way} this server's`;
}

function expiring(input: VerdictInput): Found[] {
  return input.robots.flatMap((robot): Found[] => {
    if (robot.expiresAt === null || robot.expiresAt === -1) return [];
    const at = new Date(robot.expiresAt * 1000);
    // Harbor refuses an expired robot by its own clock (see harbor-clock.ts), so count from Harbor's now.
    const harborNow = input.now.getTime() + robot.clockSkewSeconds * 1000;
    const left = at.getTime() - harborNow;
    if (left <= 0) {
      return [
        {
          kind: 'expiring',
          severity: 'alert',
          message: `${robot.label} ${robot.name} expired on ${utcMinute(at)}${clockNote(robot)}: give it a new duration in Harbor (Robot Accounts), or replication stops working.`,
        },
      ];
    }
    const days = left / DAY_MS;
    if (days > EXPIRY_WARNING_DAYS) return [];
    return [
      {
        kind: 'expiring',
        severity: days <= EXPIRY_ALERT_DAYS ? 'alert' : 'warning',
        message: `${robot.label} ${robot.name} expires in ${spanInWords(left)} (${utcMinute(at)})${clockNote(robot)}.`,
      },
    ];
  });
}

function healthyReason(input: VerdictInput): string {
  const { newest, lastFinished } = input;
  if (newest?.status === 'InProgress') return `Running: ${done(newest)} of ${newest.total} tasks done.`;
  if (!lastFinished) return 'No run yet.';
  if (lastFinished.status === 'Succeed') return 'The last run succeeded.';
  if (lastFinished.status === 'Stopped') return 'The last run was stopped.';
  return `The last run ended ${lastFinished.status}.`;
}

export function decideVerdict(input: VerdictInput): Verdict {
  const stuckFound = input.ruleHarborAnswered ? stuck(input) : [];
  const found: Found[] = [
    ...unreachable(input.problems),
    ...stuckFound,
    // Executions not read this poll say nothing new about failing.
    ...(input.ruleHarborAnswered ? failing(input) : []),
    ...expiring(input),
  ];
  found.sort((a, b) => RANK.indexOf(a.kind) - RANK.indexOf(b.kind));
  const nowIso = input.now.toISOString();
  // A condition keeps the time it was first seen while its kind holds (alerts open and resolve per kind).
  const since = (kind: ConditionKind) => input.previous.find((c) => c.kind === kind)?.since ?? nowIso;
  const conditions: WatchCondition[] = found.map((f) => ({
    kind: f.kind,
    severity: f.severity,
    message: f.message,
    since: since(f.kind),
  }));
  const worst = conditions[0];
  const firstStuck = stuckFound[0];
  return {
    conditions,
    verdict: worst ? worst.kind : 'healthy',
    reason: worst ? worst.message : healthyReason(input),
    stuck: firstStuck ? { reason: firstStuck.reason, since: since('stuck') } : null,
  };
}
