// The watch poller against two harbor-sim instances, driven by hand (`pollNow`, `tick`, a clock the
// test moves): one poll tells a failed run, a held run past the threshold, a robot near expiry, an
// unreachable Harbor (polled later, not sooner); the schedule survives a restart; the archive keeps
// what Harbor's retention swept; an idle poll costs one Harbor call.
import type { WatchSummary } from '@hw/wizard-api';
import { apiPaths, routeUrl, routes } from '@hw/wizard-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app.ts';
import { utcMinute } from '../../src/watch/verdict.ts';
import type { PollRecord } from '../../src/watch/watch-hub.ts';
import { Browser, LogCapture, closedPort, makeApp, testConfig } from '../helpers.ts';
import { runRule, startBed, watchedRule } from './watch-bed.ts';

let clock = Date.parse('2026-12-06T06:00:00Z');
const now = () => new Date(clock);
// The Harbors' clocks follow the test's (each can be moved further with its control API).
const bed = await startBed({ retention: 2, clock: { now } });
const config = testConfig();
const { app } = await makeApp(config, { watchTimer: false, now, random: () => 0.5 });
const polls: PollRecord[] = [];
app.ctx.watchHub.subscribe({ poll: (p) => polls.push(p) });
afterAll(async () => {
  await app.close();
  await bed.close();
});
let n = 0;
const name = () => `w${++n}`;
beforeEach(() => {
  bed.source.control.injectFault({ reset: true });
  bed.target.control.injectFault({ reset: true });
});

const poll = async (id: string, target = app): Promise<WatchSummary> => {
  const summary = await target.ctx.watchPoller.pollNow(id);
  if (!summary) throw new Error('not polled');
  return summary;
};
const MINUTE = 60_000;
const DAY_S = 86_400;

describe('failing', () => {
  it('a run the target refuses turns the watch failing in one poll, with the error from the task log; failures count up, a good run clears them', async () => {
    const { record, policyId } = await watchedRule(app, bed, name());
    expect((await poll(record.id)).verdict).toBe('healthy');

    bed.target.control.injectFault({ path: '/v2/', status: 403, times: 1000 });
    const first = await runRule(bed, policyId);
    clock += 30_000;
    const failing = await poll(record.id);
    expect(failing.verdict).toBe('failing');
    expect(failing.reason).toMatch(
      new RegExp(
        `^The last run failed \\(#${first}\\): 1 of 1 tasks failed: failed to check the existence of the manifest .*http status code: 403`,
      ),
    );
    expect(failing.conditions).toEqual([
      { kind: 'failing', severity: 'alert', message: failing.reason, since: now().toISOString() },
    ]);
    expect(failing.consecutiveFailures).toBe(1);
    // The failed task is archived once, with where it copied and the end of its log.
    const tasks = await app.ctx.storage.archive.listTasks(record.id, first, { page: 1, pageSize: 10 });
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]).toMatchObject({
      status: 'Failed',
      source: expect.stringMatching(/^library\/alpine/) as unknown,
      destination: expect.stringMatching(
        new RegExp(`^${record.config.replicationRobot.project}/alpine`),
      ) as unknown,
    });
    expect(tasks.items[0]?.logTail).toMatch(/\[ERROR\].*http status code: 403/);
    expect(tasks.items[0]?.logTail?.split('\n').length).toBeLessThanOrEqual(20);

    const second = await runRule(bed, policyId);
    clock += 30_000;
    const twice = await poll(record.id);
    expect(twice.reason).toMatch(new RegExp(`^The last 2 runs failed \\(#${second}\\)`));
    expect(twice.consecutiveFailures).toBe(2);
    // The condition keeps the time it was first seen.
    expect(twice.conditions[0]?.since).toBe(failing.conditions[0]?.since);

    bed.target.control.injectFault({ reset: true });
    await runRule(bed, policyId);
    clock += 30_000;
    const recovered = await poll(record.id);
    expect(recovered).toMatchObject({ verdict: 'healthy', consecutiveFailures: 0, conditions: [] });
    expect(recovered.reason).toBe('The last run succeeded.');
    expect(recovered.recent.map((e) => e.status)).toEqual(['Succeed', 'Failed', 'Failed']);
  });
});

describe('stuck', () => {
  it('a held run is fine until its counters have not moved for WATCH_STUCK_MINUTES, then stuck (no progress); a paused queue is stuck too, said so', async () => {
    const { record, policyId } = await watchedRule(app, bed, name());
    bed.source.control.holdExecutions({ policyId });
    try {
      const id = await runRule(bed, policyId);
      const running = await poll(record.id);
      expect(running.verdict).toBe('healthy');
      expect(running.lastExecution).toMatchObject({ id, status: 'InProgress' });
      // While it runs, the rule is polled every 5 s.
      expect(Date.parse(running.nextPollAt ?? '')).toBe(clock + 5_000);

      clock += 29 * MINUTE;
      expect((await poll(record.id)).verdict).toBe('healthy');
      clock += MINUTE;
      const stuck = await poll(record.id);
      expect(stuck.verdict).toBe('stuck');
      expect(stuck.stuck?.reason).toBe('no-progress');
      expect(stuck.reason).toMatch(
        new RegExp(`^Execution #${id} has made no progress for 30 minutes \\(0 of 1 tasks done`),
      );

      await bed.admin.source.jobService.queueAction('REPLICATION', 'pause');
      clock += MINUTE;
      const paused = await poll(record.id);
      expect(paused.conditions.map((c) => c.message)).toEqual([
        expect.stringMatching(/has made no progress/) as unknown,
        expect.stringMatching(/^Harbor's job service has paused its REPLICATION queue/) as unknown,
      ]);
    } finally {
      await bed.admin.source.jobService.queueAction('REPLICATION', 'resume');
      bed.source.control.releaseExecutions();
      await bed.source.control.idle();
    }
    clock += MINUTE;
    expect((await poll(record.id)).verdict).toBe('healthy');
  });
});

describe('expiring', () => {
  it('the replication robot read from the other Harbor: within 7 days an alert, within 30 a warning (read again hourly)', async () => {
    const { record } = await watchedRule(app, bed, name());
    const robot = record.config.replicationRobot.name;
    bed.target.control.setRobotExpiry(robot, Math.floor(clock / 1000) + 3 * DAY_S);
    const soon = await poll(record.id);
    expect(soon.verdict).toBe('expiring');
    expect(soon.conditions).toEqual([
      expect.objectContaining({
        kind: 'expiring',
        severity: 'alert',
        message: `The replication robot ${robot} expires in 3 days (${utcMinute(new Date(clock + 3 * DAY_S * 1000))}).`,
      }),
    ]);
    expect(soon.replicationRobot).toMatchObject({
      source: 'harbor',
      expiresAt: Math.floor(clock / 1000) + 3 * DAY_S,
    });

    bed.target.control.setRobotExpiry(robot, Math.floor(clock / 1000) + 20 * DAY_S);
    clock += 30 * MINUTE;
    // Not read again within the hour.
    expect((await poll(record.id)).conditions[0]?.severity).toBe('alert');
    clock += 31 * MINUTE;
    const later = await poll(record.id);
    expect(later.conditions).toEqual([expect.objectContaining({ kind: 'expiring', severity: 'warning' })]);
  });
});

describe("expiring, by the robot's Harbor's clock", () => {
  it('a target whose clock moved 4 days ahead (its Date header says so) counts 6 days left of 10: an alert, read again after WATCH_ROBOT_CHECK_MINUTES', async () => {
    // Its own Harbors, as this one's clock is moved for good, and a server that reads the robot every minute.
    const ownBed = await startBed({ clock: { now } });
    const quick = await makeApp(testConfig({ watch: { ...config.watch, robotCheckMs: MINUTE } }), {
      watchTimer: false,
      now,
      random: () => 0.5,
    });
    try {
      const { record } = await watchedRule(quick.app, ownBed, name());
      const robot = record.config.replicationRobot.name;
      // 10 days from the poll a minute from now.
      const expiresAt = Math.floor(clock / 1000) + 60 + 10 * DAY_S;
      ownBed.target.control.setRobotExpiry(robot, expiresAt);
      const warned = await poll(record.id, quick.app);
      expect(warned.conditions.map((c) => [c.kind, c.severity])).toEqual([['expiring', 'warning']]);
      expect(warned.replicationRobot).toMatchObject({ expiresAt, clockSkewSeconds: 0 });

      ownBed.target.control.advanceClock(4 * DAY_S * 1000);
      clock += 30_000;
      // Within the minute the robot is not read again, and the target was not asked: nothing new.
      expect((await poll(record.id, quick.app)).conditions[0]?.severity).toBe('warning');
      clock += 30_000;
      const alerted = await poll(record.id, quick.app);
      expect(alerted.replicationRobot).toMatchObject({ expiresAt, clockSkewSeconds: 4 * DAY_S });
      expect(alerted.conditions).toEqual([
        expect.objectContaining({
          kind: 'expiring',
          severity: 'alert',
          message: `The replication robot ${robot} expires in 6 days (${utcMinute(new Date(expiresAt * 1000))}) by the target Harbor's clock, which runs 4 days ahead of this server's.`,
        }),
      ]);
      // The source's clock was not moved.
      expect(alerted.watchRobots.find((r) => r.side === 'source')?.clockSkewSeconds).toBe(0);
    } finally {
      await quick.app.close();
      await ownBed.close();
    }
  });
});

describe('unreachable', () => {
  it('a Harbor that does not answer: unreachable, and polled later than the normal interval, later still after another failure', async () => {
    const { record } = await watchedRule(app, bed, name());
    const url = `http://127.0.0.1:${await closedPort()}`;
    const harbors = { ...record.config.harbors, source: { ...record.config.harbors.source, url } };
    await app.ctx.storage.watches.saveConfig(record.id, { ...record.config, harbors });

    const down = await poll(record.id);
    expect(down.verdict).toBe('unreachable');
    expect(down.reason).toMatch(
      new RegExp(`^The source Harbor \\(${url.replace(/\./g, '\\.')}\\) did not answer`),
    );
    expect(down.harbors.find((h) => h.side === 'source')?.reachable).toBe(false);
    // min(30 s × 2^1, 10 min) × jitter 1.0 (random 0.5): twice the normal interval.
    expect(Date.parse(down.nextPollAt ?? '')).toBe(clock + 60_000);
    expect((await app.ctx.storage.watches.get(record.id))?.pollFailures).toBe(1);
    clock += 60_000;
    expect(Date.parse((await poll(record.id)).nextPollAt ?? '')).toBe(clock + 120_000);
  });

  it('a Harbor that refuses the watch robot (deleted there): unreachable, saying the robot may have expired or been deleted', async () => {
    const { record } = await watchedRule(app, bed, name());
    const sourceRobot = record.config.watchRobots.find((r) => r.side === 'source');
    await bed.admin.source.robots.delete(sourceRobot?.id ?? 0);
    const refused = await poll(record.id);
    expect(refused.verdict).toBe('unreachable');
    expect(refused.reason).toBe(
      `The source Harbor (${bed.source.url}) refused the watch robot ${sourceRobot?.name} (401): it may have expired or been deleted. Stop watching and watch again with an admin login to create a new watch robot.`,
    );
  });
});

describe('Harbor calls', () => {
  it('an idle poll of a rule makes exactly one Harbor call: the list of its newest executions', async () => {
    const { record, policyId } = await watchedRule(app, bed, name());
    await runRule(bed, policyId);
    await poll(record.id);
    clock += 30_000;
    bed.requests.source.length = 0;
    bed.requests.target.length = 0;
    await poll(record.id);
    expect(polls.at(-1)).toMatchObject({ watchId: record.id, ok: true, harborCalls: 1 });
    expect([...bed.requests.source, ...bed.requests.target].map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v2.0/replication/executions',
    ]);
  });
});

describe('archive', () => {
  it('keeps the executions and failed-task logs Harbor swept; the routes serve them as archived only; stopping the watch deletes them', async () => {
    const { record, policyId } = await watchedRule(app, bed, name());
    bed.target.control.injectFault({ path: '/v2/', status: 403, times: 1000 });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await runRule(bed, policyId));
      clock += 30_000;
      await poll(record.id);
    }
    // Retention 2: the oldest of this rule goes (other rules' old executions too).
    const deleted = bed.source.control.sweepExecutions().deleted;
    expect(ids.map((id) => deleted.includes(id))).toEqual([true, false, false]);
    clock += 30_000;
    await poll(record.id);

    const browser = await Browser.started(app);
    const executions = await browser.get(`${routeUrl(routes.watchExecutions.path, { watchId: record.id })}`);
    expect(executions.statusCode).toBe(200);
    const page = executions.json<{ items: { id: number; archivedOnly: boolean }[]; total: number }>();
    expect(page.total).toBe(3);
    expect(page.items.map((e) => [e.id, e.archivedOnly])).toEqual([
      [ids[2], false],
      [ids[1], false],
      [ids[0], true],
    ]);
    const params = { watchId: record.id, executionId: ids[0] ?? 0 };
    const tasks = await browser.get(routeUrl(routes.watchTasks.path, params));
    const task = tasks.json<{ items: { id: number; logTail: string }[] }>().items[0];
    expect(task?.logTail).toMatch(/\[ERROR\]/);
    const log = await browser.get(routeUrl(routes.watchTaskLog.path, { ...params, taskId: task?.id ?? 0 }));
    expect(log.statusCode).toBe(200);
    expect(log.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(log.body).toMatch(/^\[Harbor no longer has this log: its last lines as archived\]\n.*\[ERROR\]/s);
    // A task Harbor still has: its full log from Harbor through the watch robot.
    const live = await browser.get(routeUrl(routes.watchTasks.path, { ...params, executionId: ids[2] ?? 0 }));
    const liveTask = live.json<{ items: { id: number }[] }>().items[0];
    const liveLog = await browser.get(
      routeUrl(routes.watchTaskLog.path, { ...params, executionId: ids[2] ?? 0, taskId: liveTask?.id ?? 0 }),
    );
    expect(liveLog.body).toMatch(/^\S+ \[INFO\]/);

    await app.ctx.storage.watches.delete(record.id);
    expect((await app.ctx.storage.archive.listExecutions(record.id, { page: 1, pageSize: 10 })).total).toBe(
      0,
    );
    expect(
      (await browser.get(apiPaths.watches)).json<{ items: { id: string }[] }>().items.map((w) => w.id),
    ).not.toContain(record.id);
  });

  it('keeps at most WATCH_ARCHIVE_LIMIT executions per rule, dropping the oldest', async () => {
    const small = await makeApp(testConfig({ watch: { ...config.watch, archiveLimit: 10 } }), {
      watchTimer: false,
      now,
    });
    try {
      const { record, policyId } = await watchedRule(small.app, bed, name());
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) {
        ids.push(await runRule(bed, policyId));
        await poll(record.id, small.app);
      }
      const page = await small.app.ctx.storage.archive.listExecutions(record.id, { page: 1, pageSize: 100 });
      expect(page.items.map((e) => e.id)).toEqual(ids.slice(2).reverse());
    } finally {
      await small.app.close();
    }
  });
});

describe('restart', () => {
  it('the schedule is kept: a new server on the same data polls the overdue watch first, and announces every watch once at start', async () => {
    const restartConfig = testConfig();
    const first = await makeApp(restartConfig, { watchTimer: false, now });
    const overdue = await watchedRule(first.app, bed, name());
    const later = await watchedRule(first.app, bed, name());
    const polled = await poll(overdue.record.id, first.app);
    expect(Date.parse(polled.nextPollAt ?? '')).toBe(clock + 30_000);
    await first.app.close();

    clock += 45_000;
    const second = await buildApp(restartConfig, { watchTimer: false, now, logStream: new LogCapture() });
    const announced: string[] = [];
    const secondPolls: PollRecord[] = [];
    second.ctx.watchHub.subscribe({ summary: (s) => announced.push(s.id), poll: (p) => secondPolls.push(p) });
    try {
      await second.ready();
      expect(announced.sort()).toEqual([overdue.record.id, later.record.id].sort());
      expect(await second.ctx.watchPoller.tick()).toBe(1);
      expect(secondPolls.map((p) => p.watchId)).toEqual([overdue.record.id]);
      const summary = await second.ctx.storage.watches.get(overdue.record.id);
      expect(summary?.nextPollAt).toBe(clock + 30_000);
    } finally {
      await second.close();
    }
  });
});

describe('schedule of the rule', () => {
  it('reads the trigger from Harbor and gives the next scheduled run in UTC by robfig rules', async () => {
    // Harbors whose clock stays put while this server's moves a day: their scheduler never runs the
    // rule, as a Harbor whose job service is down would not (the shared bed's clocks follow `now`).
    const stillBed = await startBed();
    const server = await makeApp(config, { watchTimer: false, now, random: () => 0.5 });
    try {
      const { record } = await watchedRule(server.app, stillBed, name(), {
        trigger: { type: 'scheduled', cron: '0 30 3 * * *' },
      });
      const summary = await poll(record.id, server.app);
      expect(summary.rule).toMatchObject({ trigger: 'scheduled', cron: '0 30 3 * * *', enabled: true });
      const next = new Date(clock);
      next.setUTCHours(3, 30, 0, 0);
      if (next.getTime() <= clock) next.setUTCDate(next.getUTCDate() + 1);
      expect(summary.rule.nextRunAt).toBe(next.toISOString());
      expect(summary.verdict).toBe('healthy');

      // A day later Harbor has still not run it: failing, and when it should have.
      clock += 24 * 60 * MINUTE;
      const missed = await poll(record.id, server.app);
      expect(missed.verdict).toBe('failing');
      expect(missed.reason).toBe(
        `The schedule (0 30 3 * * *) said the rule would run at ${utcMinute(next)}, but Harbor has not started it.`,
      );
    } finally {
      await server.app.close();
      await stillBed.close();
    }
  });
});

describe('timer', () => {
  it('started with the server: a watch that falls due is polled without anyone asking', async () => {
    const timed = await makeApp(testConfig(), { now });
    try {
      const { record } = await watchedRule(timed.app, bed, name());
      const polled = new Promise<PollRecord>((resolve) => {
        timed.app.ctx.watchHub.subscribe({ poll: (p) => p.watchId === record.id && resolve(p) });
      });
      await timed.app.ctx.storage.watches.saveState(record.id, null, { nextPollAt: clock, pollFailures: 0 });
      expect(await polled).toMatchObject({ watchId: record.id, ok: true });
    } finally {
      await timed.app.close();
    }
  });
});
