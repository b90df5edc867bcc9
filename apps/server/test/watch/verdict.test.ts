// The verdict of a watched rule from what a poll saw: each condition alone, their order when several
// hold, the words of each reason, and `since` kept while a condition lasts.
import type { WatchExecution } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import type { HarborProblem, RobotExpiry, VerdictInput } from '../../src/watch/verdict.ts';
import { decideVerdict, spanInWords } from '../../src/watch/verdict.ts';

const NOW = new Date('2026-12-06T06:00:00Z');
const MINUTE = 60_000;
const DAY_S = 86_400;
const nowS = NOW.getTime() / 1000;

const execution = (over: Partial<WatchExecution> = {}): WatchExecution => ({
  id: 7,
  status: 'Succeed',
  statusText: '',
  trigger: 'manual',
  startTime: '2026-12-06T05:00:00Z',
  endTime: '2026-12-06T05:01:00Z',
  durationSeconds: 60,
  total: 4,
  succeed: 4,
  failed: 0,
  stopped: 0,
  inProgress: 0,
  final: true,
  archivedOnly: false,
  ...over,
});

const FAILED = execution({ status: 'Failed', succeed: 1, failed: 3 });
const RUNNING = execution({ status: 'InProgress', succeed: 1, inProgress: 3, endTime: null, final: false });

/** A robot on the target Harbor, whose clock agrees with the server's unless said otherwise. */
const robot = (over: Partial<RobotExpiry> & Pick<RobotExpiry, 'label' | 'name'>): RobotExpiry => ({
  side: 'target',
  expiresAt: -1,
  clockSkewSeconds: 0,
  ...over,
});

const base = (over: Partial<VerdictInput> = {}): VerdictInput => ({
  now: NOW,
  stuckMs: 30 * MINUTE,
  scheduleGraceMs: 10 * MINUTE,
  problems: [],
  ruleHarborAnswered: true,
  newest: execution(),
  lastFinished: execution(),
  consecutiveFailures: 0,
  failedTaskError: null,
  policyMissing: false,
  policyId: 3,
  rule: { trigger: 'manual', cron: null, enabled: true },
  scheduleBase: null,
  progressMovedAt: null,
  queue: [],
  robots: [robot({ label: 'The replication robot', name: 'robot$dst+repl', expiresAt: -1 })],
  previous: [],
  ...over,
});

const problem = (over: Partial<HarborProblem> = {}): HarborProblem => ({
  side: 'target',
  url: 'https://harbor-b.example.com',
  kind: 'no-answer',
  status: null,
  detail: 'connect ECONNREFUSED 10.0.0.2:443',
  robot: 'robot$replication-watch-1a2b3c',
  ...over,
});

describe('one condition at a time', () => {
  it.each<[string, Partial<VerdictInput>, string, string]>([
    ['nothing wrong, last run good', {}, 'healthy', 'The last run succeeded.'],
    ['nothing run yet', { newest: null, lastFinished: null }, 'healthy', 'No run yet.'],
    [
      'a run in progress that moves',
      { newest: RUNNING, progressMovedAt: new Date(NOW.getTime() - MINUTE) },
      'healthy',
      'Running: 1 of 4 tasks done.',
    ],
    [
      'the last run failed with a status text',
      {
        lastFinished: { ...FAILED, statusText: 'http error: code 403, message {"errors":[…]}' },
        consecutiveFailures: 1,
      },
      'failing',
      'The last run failed (#7): http error: code 403, message {"errors":[…]}',
    ],
    [
      'three runs failed in a row, the task log says why',
      {
        lastFinished: FAILED,
        consecutiveFailures: 3,
        failedTaskError:
          'failed to check the existence of the manifest dst/app:1: http status code: 403, body: ',
      },
      'failing',
      'The last 3 runs failed (#7): 3 of 4 tasks failed: failed to check the existence of the manifest dst/app:1: http status code: 403, body:',
    ],
    [
      'the rule was deleted on Harbor',
      { policyMissing: true },
      'failing',
      'Harbor no longer has the replication rule (ID 3): it was deleted, so nothing replicates.',
    ],
    [
      'a scheduled run that did not start',
      {
        rule: { trigger: 'scheduled', cron: '0 0 5 * * *', enabled: true },
        scheduleBase: new Date('2026-12-05T05:00:03Z'),
      },
      'failing',
      'The schedule (0 0 5 * * *) said the rule would run at 2026-12-06 05:00 UTC, but Harbor has not started it.',
    ],
    [
      'counters frozen for the threshold',
      { newest: RUNNING, progressMovedAt: new Date(NOW.getTime() - 30 * MINUTE) },
      'stuck',
      'Execution #7 has made no progress for 30 minutes (1 of 4 tasks done, 3 waiting or running).',
    ],
    [
      'the queue paused',
      {
        newest: RUNNING,
        progressMovedAt: NOW,
        queue: [{ at: NOW.toISOString(), count: 12, paused: true }],
      },
      'stuck',
      "Harbor's job service has paused its REPLICATION queue (12 jobs waiting): tasks wait until an administrator resumes it (Job Service Dashboard).",
    ],
    [
      'the queue growing over three checks',
      {
        newest: RUNNING,
        progressMovedAt: NOW,
        queue: [3, 5, 9, 14].map((count) => ({ at: NOW.toISOString(), count, paused: false })),
      },
      'stuck',
      "Harbor's job service REPLICATION queue keeps growing (5 → 9 → 14 jobs waiting over the last 3 checks): its workers do not keep up.",
    ],
    [
      'the replication robot expires in 5 days',
      {
        robots: [
          robot({ label: 'The replication robot', name: 'robot$dst+repl', expiresAt: nowS + 5 * DAY_S }),
        ],
      },
      'expiring',
      'The replication robot robot$dst+repl expires in 5 days (2026-12-11 06:00 UTC).',
    ],
    [
      'a watch robot expired',
      {
        robots: [
          robot({
            label: 'The watch robot on the source Harbor',
            name: 'robot$replication-watch-1',
            side: 'source',
            expiresAt: nowS - 60,
          }),
        ],
      },
      'expiring',
      'The watch robot on the source Harbor robot$replication-watch-1 expired on 2026-12-06 05:59 UTC: give it a new duration in Harbor (Robot Accounts), or replication stops working.',
    ],
    [
      'a Harbor that does not answer',
      { problems: [problem()] },
      'unreachable',
      'The target Harbor (https://harbor-b.example.com) did not answer: connect ECONNREFUSED 10.0.0.2:443',
    ],
    [
      'a Harbor answering 503',
      { problems: [problem({ kind: 'server-error', status: 503, detail: 'service unavailable' })] },
      'unreachable',
      'The target Harbor (https://harbor-b.example.com) answered 503: service unavailable',
    ],
    [
      'a Harbor refusing the watch robot',
      { problems: [problem({ kind: 'refused', status: 401, detail: 'UNAUTHORIZED' })] },
      'unreachable',
      'The target Harbor (https://harbor-b.example.com) refused the watch robot robot$replication-watch-1a2b3c (401): it may have expired or been deleted. Stop watching and watch again with an admin login to create a new watch robot.',
    ],
  ])('%s', (_name, over, verdict, reason) => {
    const result = decideVerdict(base(over));
    expect(result.verdict).toBe(verdict);
    expect(result.reason).toBe(reason);
    expect(result.conditions.map((c) => c.kind)).toEqual(verdict === 'healthy' ? [] : [verdict]);
  });
});

describe('edges', () => {
  it('a counter that moved just under the threshold ago is not stuck', () => {
    const input = base({ newest: RUNNING, progressMovedAt: new Date(NOW.getTime() - 30 * MINUTE + 1000) });
    expect(decideVerdict(input).verdict).toBe('healthy');
  });

  it('a queue that grew then shrank is not growing', () => {
    const queue = [5, 9, 7].map((count) => ({ at: NOW.toISOString(), count, paused: false }));
    expect(decideVerdict(base({ newest: RUNNING, progressMovedAt: NOW, queue })).verdict).toBe('healthy');
  });

  it('a scheduled run still within its grace period, a disabled schedule, or one that ran: not failing', () => {
    const rule = { trigger: 'scheduled' as const, cron: '0 0 5 * * *', enabled: true };
    expect(
      decideVerdict(
        base({ rule, scheduleBase: new Date('2026-12-05T05:00:03Z'), scheduleGraceMs: 61 * MINUTE }),
      ).verdict,
    ).toBe('healthy');
    expect(
      decideVerdict(
        base({ rule: { ...rule, enabled: false }, scheduleBase: new Date('2026-12-05T05:00:03Z') }),
      ).verdict,
    ).toBe('healthy');
    expect(decideVerdict(base({ rule, scheduleBase: new Date('2026-12-06T05:00:02Z') })).verdict).toBe(
      'healthy',
    );
  });

  it.each<[number, 'warning' | 'alert' | null]>([
    [31, null],
    [30, 'warning'],
    [8, 'warning'],
    [7, 'alert'],
    [0.5, 'alert'],
  ])('a robot expiring in %s days: %s', (days, severity) => {
    const robots = [robot({ label: 'The replication robot', name: 'r', expiresAt: nowS + days * DAY_S })];
    expect(decideVerdict(base({ robots })).conditions.map((c) => c.severity)).toEqual(
      severity ? [severity] : [],
    );
  });

  it("a robot's days left are counted on its Harbor's clock: 10 days by ours, 6 by a Harbor 4 days ahead", () => {
    const replication = { label: 'The replication robot', name: 'r', expiresAt: nowS + 10 * DAY_S };
    const onTime = decideVerdict(base({ robots: [robot(replication)] }));
    expect(onTime.conditions.map((c) => [c.severity, c.message])).toEqual([
      ['warning', 'The replication robot r expires in 10 days (2026-12-16 06:00 UTC).'],
    ]);
    const ahead = decideVerdict(base({ robots: [robot({ ...replication, clockSkewSeconds: 4 * DAY_S })] }));
    expect(ahead.conditions.map((c) => [c.severity, c.message])).toEqual([
      [
        'alert',
        "The replication robot r expires in 6 days (2026-12-16 06:00 UTC) by the target Harbor's clock, which runs 4 days ahead of this server's.",
      ],
    ]);
    // A Harbor whose clock is behind gives the robot more time: 31 days left there, nothing to say.
    const behind = decideVerdict(
      base({
        robots: [robot({ ...replication, expiresAt: nowS + 29 * DAY_S, clockSkewSeconds: -2 * DAY_S })],
      }),
    );
    expect(behind.conditions).toEqual([]);
    // Expired by Harbor's clock although not yet by ours: Harbor already refuses it.
    const expired = decideVerdict(
      base({
        robots: [robot({ ...replication, side: 'source', expiresAt: nowS + 60, clockSkewSeconds: 3 * 3600 })],
      }),
    );
    expect(expired.conditions.map((c) => [c.severity, c.message])).toEqual([
      [
        'alert',
        "The replication robot r expired on 2026-12-06 06:01 UTC by the source Harbor's clock, which runs 3 hours ahead of this server's: give it a new duration in Harbor (Robot Accounts), or replication stops working.",
      ],
    ]);
  });

  it('a robot that never expires or whose expiry is unknown is not expiring', () => {
    const robots = [
      robot({ label: 'The replication robot', name: 'a', expiresAt: -1 }),
      robot({ label: 'The watch robot on the target Harbor', name: 'b', expiresAt: null }),
    ];
    expect(decideVerdict(base({ robots })).verdict).toBe('healthy');
  });

  it('while the rule’s Harbor does not answer, what it last said is not judged again (no false stuck), expiry still is', () => {
    const result = decideVerdict(
      base({
        ruleHarborAnswered: false,
        problems: [problem({ side: 'source' })],
        newest: RUNNING,
        progressMovedAt: new Date(NOW.getTime() - 5 * 60 * MINUTE),
        lastFinished: FAILED,
        robots: [robot({ label: 'The replication robot', name: 'r', expiresAt: nowS + DAY_S })],
      }),
    );
    expect(result.conditions.map((c) => c.kind)).toEqual(['unreachable', 'expiring']);
  });

  it('several conditions: listed worst first, the verdict and reason are the worst one, stuck says which', () => {
    const result = decideVerdict(
      base({
        newest: RUNNING,
        progressMovedAt: new Date(NOW.getTime() - 60 * MINUTE),
        lastFinished: FAILED,
        consecutiveFailures: 1,
        robots: [robot({ label: 'The replication robot', name: 'r', expiresAt: nowS + 3 * DAY_S })],
        problems: [problem({ side: 'target' })],
      }),
    );
    expect(result.conditions.map((c) => c.kind)).toEqual(['unreachable', 'stuck', 'failing', 'expiring']);
    expect(result.verdict).toBe('unreachable');
    expect(result.reason).toBe(result.conditions[0]?.message);
    expect(result.stuck).toEqual({ reason: 'no-progress', since: NOW.toISOString() });
  });

  it('a condition keeps the time it was first seen while its kind lasts; a new kind starts now', () => {
    const previous = [
      {
        kind: 'failing' as const,
        severity: 'alert' as const,
        message: 'old words',
        since: '2026-12-01T00:00:00.000Z',
      },
    ];
    const result = decideVerdict(
      base({
        previous,
        lastFinished: FAILED,
        consecutiveFailures: 2,
        robots: [robot({ label: 'The replication robot', name: 'r', expiresAt: nowS + 3 * DAY_S })],
      }),
    );
    expect(result.conditions.map((c) => [c.kind, c.since])).toEqual([
      ['failing', '2026-12-01T00:00:00.000Z'],
      ['expiring', NOW.toISOString()],
    ]);
  });

  it('a very long status text stays one line of bounded length', () => {
    const statusText = `line one\nline two ${'x'.repeat(1000)}`;
    const { reason } = decideVerdict(base({ lastFinished: { ...FAILED, statusText } }));
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThan(400);
  });

  it.each<[number, string]>([
    [20_000, '20 seconds'],
    [60_000, '1 minute'],
    [119 * MINUTE, '119 minutes'],
    [3 * 60 * MINUTE, '3 hours'],
    [3 * 24 * 60 * MINUTE, '3 days'],
  ])('%s ms in words: %s', (ms, words) => {
    expect(spanInWords(ms)).toBe(words);
  });
});
