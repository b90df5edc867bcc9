// "Keep watching": the watch robots' plan per Harbor version, their creation with the session's or
// a fresh admin login, the retry and the lost answer, what the simulator lets them do, and their
// deletion on stop and by clean-up.
import type { HarborClient } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';
import type { WatchSummary } from '@hw/wizard-api';
import {
  apiErrorSchema,
  apiPaths,
  cleanupResultSchema,
  stopWatchResultSchema,
  watchPlanSchema,
  watchSummarySchema,
} from '@hw/wizard-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { watchSecretAad } from '../../src/storage/watch-store.ts';
import { Browser, makeApp, testConfig } from '../helpers.ts';
import { connectedSetup, SOURCE_ADMIN, startSims, TARGET_ADMIN, type Sims } from '../sims.ts';
import { ok, RULE, throughRobot, throughRule } from './push-flow.ts';

const sims = await startSims();
const { app, logs } = await makeApp(testConfig());
const announced: WatchSummary[] = [];
const removed: string[] = [];
app.ctx.watchHub.subscribe({ summary: (s) => announced.push(s), removed: (id) => removed.push(id) });
afterAll(async () => {
  await app.close();
  await sims.close();
});

let browser: Browser;
let n = 0;
beforeEach(async () => {
  sims.source.control.injectFault({ reset: true });
  sims.target.control.injectFault({ reset: true });
  browser = await Browser.started(app);
});

const WATCH = /\$replication-watch-[0-9a-f]{6}$/;
const watchRobotsOn = (sim: Sims['source']) => sim.control.state().robots.filter((r) => WATCH.test(r.name));

/** A push setup with its rule created (source runs the rule, the replication robot is on target). */
async function setupWithRule(): Promise<string> {
  const id = await connectedSetup(browser, sims);
  const project = `watch-${++n}-${Date.now() % 100000}`;
  await throughRobot(browser, id, project);
  await throughRule(browser, id, project);
  return id;
}

async function start(id: string, body: unknown = {}): Promise<WatchSummary> {
  return watchSummarySchema.parse(ok(await browser.post(apiPaths.watchStart(id), body), 'watch start'));
}

async function secretOf(watchId: string, side: 'source' | 'target'): Promise<string> {
  const sealed = await app.ctx.storage.watches.getSecret(watchId, side);
  const secret = sealed ? app.ctx.vault.open(sealed, watchSecretAad(watchId, side)) : null;
  if (!secret) throw new Error(`no ${side} secret`);
  return secret;
}

async function watchClient(watchId: string, side: 'source' | 'target'): Promise<HarborClient> {
  const record = await app.ctx.storage.watches.get(watchId);
  if (!record) throw new Error('no watch');
  return app.ctx.harbor.watchClient(record, side);
}

/** The HTTP status Harbor answered, or "ok" when it let the call through. */
async function statusOf(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (isHarborError(error) && error.status !== undefined) return error.status;
    throw error;
  }
}

describe('the watch plan', () => {
  it('on Harbor 2.15 gives the rule Harbor system read/list only and the robot Harbor robot read/list in its project', async () => {
    const id = await setupWithRule();
    const plan = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan'));
    expect(plan.possible).toBe(true);
    const [rule, other] = plan.robots;
    expect(rule).toMatchObject({ side: 'source', level: 'system', harborUrl: sims.source.url });
    expect(rule?.permissions.map((p) => [p.kind, p.namespace])).toEqual([['system', '/']]);
    expect(rule?.permissions[0]?.access.map((a) => `${a.resource}:${a.action}`).sort()).toEqual([
      'jobservice-monitor:list',
      'registry:list',
      'registry:read',
      'replication-policy:list',
      'replication-policy:read',
      'replication:list',
      'replication:read',
    ]);
    const project = (await app.ctx.storage.getSetup(id))?.state.robot?.project;
    expect(other).toMatchObject({ side: 'target', level: 'system' });
    expect(other?.permissions).toEqual([
      {
        kind: 'project',
        namespace: project,
        access: [
          { resource: 'robot', action: 'list' },
          { resource: 'robot', action: 'read' },
        ],
      },
    ]);
    for (const robot of plan.robots) {
      expect(robot.name).toMatch(WATCH);
      expect(robot.can.length).toBeGreaterThan(0);
      expect(robot.cannot.length).toBeGreaterThan(0);
      for (const a of robot.permissions.flatMap((p) => p.access))
        expect(['read', 'list']).toContain(a.action);
    }
  });

  it('is not possible when the rule runs on Harbor 2.9 (pull from a 2.9 target), and says to upgrade', async () => {
    const old = await startSims({ targetVersion: '2.9.4' });
    try {
      const id = await connectedSetup(browser, old, 'pull');
      const plan = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan'));
      expect(plan.possible).toBe(false);
      expect(plan.robots).toEqual([]);
      expect(plan.message).toMatch(
        /target Harbor, which runs the rule, runs Harbor 2\.9.*Upgrade that Harbor to 2\.10 or newer/,
      );
    } finally {
      await old.close();
    }
  });

  it('creates no robot on a 2.11 robot Harbor and says the recorded expiry is used instead', async () => {
    const older = await startSims({ targetVersion: '2.11.1' });
    try {
      const id = await connectedSetup(browser, older, 'push');
      const plan = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan'));
      expect(plan.possible).toBe(true);
      expect(plan.robots.map((r) => r.side)).toEqual(['source']);
      expect(plan.robots[0]?.limitations.join(' ')).toContain('relies on the expiry recorded');
    } finally {
      await older.close();
    }
  });
});

describe('keep watching', () => {
  it('starts from the session passwords at the Done step: one checked read-only robot per Harbor, secrets sealed, announced', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    expect(watch).toMatchObject({ setupId: id, verdict: 'pending' });
    expect(watch.watchRobots.map((r) => r.side)).toEqual(['source', 'target']);
    expect(announced.some((s) => s.id === watch.id)).toBe(true);

    const record = await app.ctx.storage.watches.get(watch.id);
    expect(record?.nextPollAt).toBeLessThanOrEqual(Date.now());
    for (const side of ['source', 'target'] as const) {
      const robot = record?.config.watchRobots.find((r) => r.side === side);
      const onHarbor = watchRobotsOn(sims[side]).find((r) => r.id === robot?.id);
      expect(onHarbor).toMatchObject({ level: 'system', disable: false, name: robot?.name });
      const secret = await secretOf(watch.id, side);
      for (const res of browser.responses) expect(res.body).not.toContain(secret);
      expect(logs.text).not.toContain(secret);
    }
    // The poller's reads work with the stored credentials.
    const policyId = record?.config.rule.policyId ?? 0;
    expect((await (await watchClient(watch.id, 'source')).policies.get(policyId)).id).toBe(policyId);
    const replicationRobot = record?.config.replicationRobot.id ?? 0;
    expect((await (await watchClient(watch.id, 'target')).robots.get(replicationRobot)).id).toBe(
      replicationRobot,
    );
  });

  it('in pull mode watches the rule on the target and reads the replication robot on the source', async () => {
    const id = await connectedSetup(browser, sims, 'pull');
    const samples = ok<{ items: string[] }>(await browser.get(apiPaths.sampleRepositories(id)), 'samples');
    const sourceProject = samples.items[0]?.split('/')[0] ?? 'library';
    const project = `pulled-${++n}-${Date.now() % 100000}`;
    ok(await browser.put(apiPaths.project(id), { name: project, create: true, sourceProject }), 'project');
    ok(await browser.post(apiPaths.robot(id), { name: `puller-${n}`, duration: 7 }), 'robot');
    ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
    ok(
      await browser.put(apiPaths.endpoint(id), { name: `pull-watch-${n}`, url: sims.source.url }),
      'endpoint',
    );
    ok(await browser.post(apiPaths.connectionTest(id)), 'connection test');
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        ...RULE(project, sourceProject),
        name: `pull-watch-${n}`,
        destination: { namespace: '', replaceCount: 1 },
      }),
      'draft',
    );
    ok(await browser.put(apiPaths.rule(id)), 'rule');

    const watch = await start(id);
    expect(watch.rule.side).toBe('target');
    const record = await app.ctx.storage.watches.get(watch.id);
    expect(record?.config.watchRobots.map((r) => [r.side, r.readsReplicationRobot])).toEqual([
      ['target', false],
      ['source', true],
    ]);
    const policyId = record?.config.rule.policyId ?? 0;
    expect((await (await watchClient(watch.id, 'target')).policies.get(policyId)).id).toBe(policyId);
    const replicationRobot = record?.config.replicationRobot;
    expect(replicationRobot?.project).toBe(sourceProject);
    const read = await (await watchClient(watch.id, 'source')).robots.get(replicationRobot?.id ?? 0);
    expect(read.expires_at).toBe(replicationRobot?.expiresAt);
  });

  it('a retry returns the same watch and creates nothing twice', async () => {
    const id = await setupWithRule();
    const before = [watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length];
    const first = await start(id);
    const second = await start(id);
    expect(second.id).toBe(first.id);
    expect([watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
  });

  it('a watch robot create whose answer is lost is adopted on retry, not made twice', async () => {
    const id = await setupWithRule();
    const before = watchRobotsOn(sims.source).length;
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', loseAnswer: true });
    const lost = await browser.post(apiPaths.watchStart(id), {});
    expect(apiErrorSchema.parse(lost.json()).code).toBe('harbor-reset');
    expect(watchRobotsOn(sims.source)).toHaveLength(before + 1);

    const watch = await start(id);
    expect(watchRobotsOn(sims.source)).toHaveLength(before + 1);
    const adopted = watch.watchRobots.find((r) => r.side === 'source');
    expect(watchRobotsOn(sims.source).some((r) => r.name === adopted?.name)).toBe(true);
    // The adopted robot got a fresh secret the server holds.
    const policyId = (await app.ctx.storage.watches.get(watch.id))?.config.rule.policyId ?? 0;
    expect(
      (await (await watchClient(watch.id, 'source')).executions.list({ policyId })).total,
    ).toBeGreaterThanOrEqual(0);
  });

  it('names the robots alike on every look at the plan, and creates them under those names', async () => {
    const id = await setupWithRule();
    const plan = async () =>
      watchPlanSchema
        .parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan'))
        .robots.map((r) => [r.side, r.name]);
    const shown = await plan();
    expect(shown).toHaveLength(2);
    expect(await plan()).toEqual(shown);
    // Another setup's robots are named otherwise.
    const other = await setupWithRule();
    const otherPlan = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(other)), 'plan'));
    expect(otherPlan.robots.map((r) => r.name)).not.toContain(shown[0]?.[1]);

    const watch = await start(id);
    expect(watch.watchRobots.map((r) => [r.side, r.name])).toEqual(shown);
    for (const [side, name] of shown)
      expect(watchRobotsOn(sims[side as 'source' | 'target']).some((r) => r.name === name)).toBe(true);
  });

  it('a robot of the planned name that is not a watch robot is a 409; the retry names its robots anew', async () => {
    const id = await setupWithRule();
    const planned = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan')).robots;
    const source = planned.find((r) => r.side === 'source');
    // Someone else's robot under that name, with other permissions.
    const made = await fetch(`${sims.source.url}/api/v2.0/robots`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SOURCE_ADMIN.username}:${SOURCE_ADMIN.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: source?.name.replace(/^robot\$/, ''),
        level: 'system',
        duration: 30,
        permissions: [{ kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }] }],
      }),
    });
    expect(made.status).toBe(201);

    const refused = await browser.post(apiPaths.watchStart(id), {});
    expect(refused.statusCode).toBe(409);
    expect(apiErrorSchema.parse(refused.json()).code).toBe('watch-robot-exists');
    const again = watchPlanSchema.parse(ok(await browser.get(apiPaths.watchPlan(id)), 'plan')).robots;
    const renamed = again.find((r) => r.side === 'source')?.name;
    expect(renamed).toMatch(WATCH);
    expect(renamed).not.toBe(source?.name);
    const watch = await start(id);
    expect(watch.watchRobots.find((r) => r.side === 'source')?.name).toBe(renamed);
  });

  it('a watch robot that cannot read what it must is deleted again and no watch is stored', async () => {
    const id = await setupWithRule();
    const policyId = (await app.ctx.storage.getSetup(id))?.state.policy?.id ?? 0;
    const before = [watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length];
    sims.source.control.injectFault({
      method: 'GET',
      path: `/api/v2.0/replication/policies/${policyId}`,
      status: 403,
      times: 5,
    });
    const res = await browser.post(apiPaths.watchStart(id), {});
    expect(res.statusCode).toBe(502);
    expect(apiErrorSchema.parse(res.json()).code).toBe('watch-robot-check-failed');
    expect([watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length]).toEqual(before);
    expect(await app.ctx.storage.watches.findBySetup(id)).toBeNull();
    expect((await app.ctx.storage.getSetup(id))?.internal.pendingWatch).toBeUndefined();
  });

  it('needs the rule: a setup without one is a 409 with a hint', async () => {
    const id = await connectedSetup(browser, sims);
    const res = await browser.post(apiPaths.watchStart(id), {});
    expect(res.statusCode).toBe(409);
    expect(apiErrorSchema.parse(res.json())).toMatchObject({ code: 'rule-not-created' });
  });

  it('refuses a setup whose clean-up deleted its rule, creating nothing', async () => {
    const id = await setupWithRule();
    ok(await browser.post(apiPaths.cleanup(id), {}), 'clean-up');
    const before = [watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length];
    const res = await browser.post(apiPaths.watchStart(id), {});
    expect(res.statusCode).toBe(409);
    expect(apiErrorSchema.parse(res.json()).code).toBe('rule-deleted');
    expect([watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length]).toEqual(before);
  });

  it('after completion needs a fresh admin login: none is a 409, a wrong password a 401 naming the Harbor, a real one works', async () => {
    const id = await setupWithRule();
    ok(await browser.post(apiPaths.complete(id), { withoutRun: true }), 'complete');
    const before = [watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length];

    const none = await browser.post(apiPaths.watchStart(id), {});
    expect(none.statusCode).toBe(409);
    expect(apiErrorSchema.parse(none.json()).code).toBe('admin-login-required');

    const wrong = await browser.post(apiPaths.watchStart(id), {
      logins: { source: { username: 'admin', password: 'Not-The-Password-1' }, target: TARGET_ADMIN },
    });
    expect(wrong.statusCode).toBe(401);
    expect(apiErrorSchema.parse(wrong.json())).toMatchObject({
      code: 'wrong-credentials',
      message: 'The source Harbor did not accept this user name and password.',
    });
    expect([watchRobotsOn(sims.source).length, watchRobotsOn(sims.target).length]).toEqual(before);

    const watch = await start(id, { logins: { source: SOURCE_ADMIN, target: TARGET_ADMIN } });
    expect(watch.watchRobots).toHaveLength(2);
    for (const res of browser.responses) {
      expect(res.body).not.toContain(SOURCE_ADMIN.password);
      expect(res.body).not.toContain(TARGET_ADMIN.password);
    }
    expect(logs.text).not.toContain(SOURCE_ADMIN.password);
  });
});

describe('what a watch robot may do', () => {
  it('the watch robot cannot create, change or delete a project, a policy, a registry or a robot: the simulator answers 403', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    const record = await app.ctx.storage.watches.get(watch.id);
    if (!record) throw new Error('no watch');
    const src = await watchClient(watch.id, 'source');
    const tgt = await watchClient(watch.id, 'target');
    const { policyId } = record.config.rule;
    const policy = await src.policies.get(policyId);
    const registryId = record.config.endpoint.id;
    const project = record.config.replicationRobot.project;
    const replicationRobot = record.config.replicationRobot.id;

    const attempts: [string, Promise<unknown>][] = [
      [
        'create a project',
        src.projects.create({ project_name: `by-watch-${n}`, metadata: { public: 'false' } }),
      ],
      ['delete a project', tgt.projects.delete(project)],
      ['create a policy', src.policies.create({ ...policy, id: undefined, name: `copy-${n}` })],
      ['change a policy', src.policies.update(policyId, { ...policy, enabled: false })],
      ['delete a policy', src.policies.delete(policyId)],
      ['start a policy', src.executions.start(policyId)],
      [
        'create a registry',
        src.registries.create({ name: `by-watch-${n}`, type: 'harbor', url: sims.target.url }),
      ],
      ['change a registry', src.registries.update(registryId, { description: 'changed by the watch' })],
      ['delete a registry', src.registries.delete(registryId)],
      [
        'create a robot',
        src.robots.create({
          name: `by-watch-${n}`,
          level: 'system',
          duration: 1,
          permissions: [
            { kind: 'system', namespace: '/', access: [{ resource: 'registry', action: 'list' }] },
          ],
        }),
      ],
      ['delete the replication robot', tgt.robots.delete(replicationRobot)],
      ['refresh the replication robot secret', tgt.robots.refreshSecret(replicationRobot)],
      ['delete its own robot', src.robots.delete(record.config.watchRobots[0]?.id ?? 0)],
    ];
    const statuses = await Promise.all(attempts.map(async ([what, call]) => [what, await statusOf(call)]));
    expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(attempts.map(([what]) => [what, 403])));
    // Nothing changed on Harbor.
    expect((await src.policies.get(policyId)).enabled).toBe(policy.enabled);
    expect(sims.target.control.state().robots.some((r) => r.id === replicationRobot)).toBe(true);
  });
});

describe('stop watching', () => {
  it('deletes both watch robots on both Harbors with the admin logins, then forgets the watch', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    const names = watch.watchRobots.map((r) => r.name);
    const res = await browser.post(apiPaths.watchStop(watch.id), {
      logins: { source: SOURCE_ADMIN, target: TARGET_ADMIN },
    });
    const result = stopWatchResultSchema.parse(ok(res, 'stop'));
    expect(result.robots.map((r) => [r.side, r.deleted])).toEqual([
      ['source', true],
      ['target', true],
    ]);
    expect(watchRobotsOn(sims.source).some((r) => names.includes(r.name))).toBe(false);
    expect(watchRobotsOn(sims.target).some((r) => names.includes(r.name))).toBe(false);
    expect(await app.ctx.storage.watches.get(watch.id)).toBeNull();
    expect(removed).toContain(watch.id);
  });

  it('a robot already deleted counts as deleted, and a wrong password deletes nothing', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    const record = await app.ctx.storage.watches.get(watch.id);
    const targetRobot = record?.config.watchRobots.find((r) => r.side === 'target');
    await app.ctx.harbor
      .client({ url: sims.target.url, tls: { mode: 'verify' }, ...TARGET_ADMIN })
      .robots.delete(targetRobot?.id ?? 0);

    const wrong = await browser.post(apiPaths.watchStop(watch.id), {
      logins: { source: { username: 'admin', password: 'Wrong-Pass-123' }, target: TARGET_ADMIN },
    });
    expect(wrong.statusCode).toBe(401);
    expect(watchRobotsOn(sims.source).some((r) => r.name === watch.watchRobots[0]?.name)).toBe(true);

    const result = stopWatchResultSchema.parse(
      ok(
        await browser.post(apiPaths.watchStop(watch.id), {
          logins: { source: SOURCE_ADMIN, target: TARGET_ADMIN },
        }),
        'stop',
      ),
    );
    expect(result.robots.find((r) => r.side === 'target')).toMatchObject({ deleted: true });
    expect(result.robots.find((r) => r.side === 'target')?.message).toContain('already deleted');
  });

  it('keepRobots leaves both robots on Harbor and lists their names to delete by hand', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    const result = stopWatchResultSchema.parse(
      ok(await browser.post(apiPaths.watchStop(watch.id), { keepRobots: true }), 'stop'),
    );
    expect(result.robots.map((r) => [r.side, r.name, r.deleted])).toEqual(
      watch.watchRobots.map((r) => [r.side, r.name, false]),
    );
    for (const robot of result.robots) {
      expect(robot.message).toContain(robot.name);
      expect(watchRobotsOn(sims[robot.side]).some((r) => r.name === robot.name)).toBe(true);
    }
    expect(await app.ctx.storage.watches.get(watch.id)).toBeNull();
  });

  it('clean-up of the setup deletes its watch robots and the watch', async () => {
    const id = await setupWithRule();
    const watch = await start(id);
    const names = watch.watchRobots.map((r) => r.name);
    const result = cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), {}), 'clean-up'));
    expect(result.steps.filter((s) => names.includes(s.name)).map((s) => [s.side, s.status])).toEqual([
      ['source', 'deleted'],
      ['target', 'deleted'],
    ]);
    expect(watchRobotsOn(sims.source).some((r) => names.includes(r.name))).toBe(false);
    expect(watchRobotsOn(sims.target).some((r) => names.includes(r.name))).toBe(false);
    expect(await app.ctx.storage.watches.findBySetup(id)).toBeNull();
    expect(removed).toContain(watch.id);
  });
});
