// Rotating the replication robot's secret and rewiring its endpoint, over the simulators: the old
// secret is refused, the endpoint works with the new one, a failure at any step then a retry
// leaves both Harbors consistent, and a restart mid-flow resumes.
import type { FaultSpec } from '@hw/harbor-sim';
import { apiPaths } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { startAppWithSims } from '../sims.ts';
import {
  advance,
  flowOf,
  loginBoth,
  pingEndpoint,
  robotLogin,
  startRepair,
  watchedPushSetup,
} from './watched-setup.ts';

const { sims, app } = await startAppWithSims({ repairTiming: { pollIntervalMs: 50, waitMs: 10_000 } });
let n = 0;
const project = () => `rot-${++n}`;

describe('rotate the secret and rewire', () => {
  it('refreshes the secret, rewires the endpoint, runs the rule, offers the file once, and the old secret is refused', async () => {
    const { browser, watch, oldSecret, setupId } = await watchedPushSetup(app, sims, project());
    const robot = watch.config.replicationRobot;
    const plan = await startRepair(browser, watch.id, { kind: 'rotate', canary: 'rule' });
    expect(plan.status).toBe('planned');
    expect(plan.steps.map((s) => [s.id, s.side, s.status])).toEqual([
      ['refresh-secret', 'target', 'pending'],
      ['update-endpoint', 'source', 'pending'],
      ['ping-endpoint', 'source', 'pending'],
      ['check-permissions', 'target', 'pending'],
      ['canary', 'source', 'pending'],
      ['export', null, 'pending'],
    ]);
    expect(plan.loginsNeeded).toEqual(['source', 'target']);
    const noLogin = await browser.post(apiPaths.repairAdvance(plan.id), {});
    expect(noLogin.statusCode).toBe(409);
    expect(noLogin.json<{ code: string }>().code).toBe('repair-login-required');

    const withLogins = await loginBoth(browser, plan.id);
    expect(withLogins.logins.map((l) => [l.side, l.username])).toEqual([
      ['source', 'admin'],
      ['target', 'admin'],
    ]);
    const done = await advance(browser, plan.id);
    expect(done.status).toBe('done');
    expect(done.steps.every((s) => s.status === 'done')).toBe(true);
    expect(done.steps.find((s) => s.id === 'canary')?.detail).toMatch(/succeeded/);
    expect(done.exportAvailable).toBe(true);
    expect(done.logins).toEqual([]);

    const file = await browser.get(apiPaths.repairExport(plan.id));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent(`${robot.name}.json`));
    const newSecret = (JSON.parse(file.body) as { secret: string }).secret;
    expect(newSecret).toMatch(/\S{8,}/);
    expect(newSecret).not.toBe(oldSecret);
    expect((await browser.get(apiPaths.repairExport(plan.id))).statusCode).toBe(410);

    expect(await robotLogin(sims.target, robot.name, oldSecret)).toBe(401);
    expect(await robotLogin(sims.target, robot.name, newSecret)).toBe(200);
    expect(await pingEndpoint(sims, sims.source, watch.config.endpoint.id)).toBe(200);
    // The new secret left the server in the export only.
    const others = browser.responses.filter((r) => r !== file);
    expect(others.some((r) => r.body.includes(newSecret))).toBe(false);
    // The admin passwords and the new secret are gone from the flow's secrets.
    for (const name of ['login:source', 'login:target', 'robot-secret', 'export'] as const)
      expect(await app.ctx.storage.repairs.getSecret(plan.id, name, Date.now())).toBeNull();

    const audit = (await app.ctx.storage.listAudit({ setupId })).filter((a) => a.actor !== null);
    expect(
      audit.map((a) => `${a.actor} ${a.side} ${a.method} ${a.path.replace(/\d+$/, 'N')} ${a.outcome}`),
    ).toEqual(
      expect.arrayContaining([
        'admin target PATCH /api/v2.0/robots/N 200',
        'admin source PUT /api/v2.0/registries/N 200',
        'admin source POST /api/v2.0/replication/executions 201',
      ]),
    );
  });

  const counts = () => ({
    robots: sims.target.control.state().robots.length,
    registries: sims.source.control.state().registries.length,
    policies: sims.source.control.state().policies.length,
  });

  const faults: [string, FaultSpec][] = [
    ['refresh-secret', { method: 'PATCH', path: '/api/v2.0/robots/', loseAnswer: true }],
    ['update-endpoint', { method: 'PUT', path: '/api/v2.0/registries/', loseAnswer: true }],
    ['ping-endpoint', { method: 'POST', path: '/api/v2.0/registries/ping', status: 500 }],
    // Its first call: the endpoint's URL (the token service is also used by the endpoint update).
    ['check-permissions', { method: 'GET', path: '/api/v2.0/registries/', status: 500, times: 5 }],
    ['canary', { method: 'POST', path: '/api/v2.0/replication/executions', loseAnswer: true }],
  ];
  for (const [step, fault] of faults) {
    it(`a failure at "${step}" then a retry leaves both Harbors consistent and nothing created twice`, async () => {
      const { browser, watch, oldSecret } = await watchedPushSetup(app, sims, project());
      const before = counts();
      const executionsBefore = sims.source.control
        .state()
        .executions.filter((e) => e.policy_id === watch.config.rule.policyId).length;
      const plan = await startRepair(browser, watch.id, { kind: 'rotate', canary: 'rule' });
      await loginBoth(browser, plan.id);
      const sim = step === 'refresh-secret' ? sims.target : sims.source;
      sim.control.injectFault(fault);
      const failed = await advance(browser, plan.id);
      expect(failed.status).toBe('failed');
      const failedStep = failed.steps.find((s) => s.status === 'failed');
      expect(failedStep?.id).toBe(step);
      expect(failedStep?.harborMessage).toBeTruthy();
      expect(failedStep?.next).toBeTruthy();

      sim.control.injectFault({ reset: true });
      const done = await advance(browser, plan.id);
      expect(done.status).toBe('done');
      expect(await pingEndpoint(sims, sims.source, watch.config.endpoint.id)).toBe(200);
      expect(await robotLogin(sims.target, watch.config.replicationRobot.name, oldSecret)).toBe(401);
      expect(counts()).toEqual(before);
      const executionsAfter = sims.source.control
        .state()
        .executions.filter((e) => e.policy_id === watch.config.rule.policyId).length;
      expect(executionsAfter).toBe(executionsBefore + 1);
    });
  }
});

describe('admin logins of a flow', () => {
  it('a refused login is not kept; cancelling erases the kept ones; expired ones must be given again', async () => {
    const { browser, watch } = await watchedPushSetup(app, sims, project());
    const plan = await startRepair(browser, watch.id, { kind: 'rotate', canary: 'none' });
    const refused = await browser.post(apiPaths.repairLogins(plan.id), {
      logins: { target: { username: 'admin', password: 'Wrong-Pass-1' } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ code: string }>().code).toBe('login-refused');
    expect(await app.ctx.storage.repairs.getSecret(plan.id, 'login:target', Date.now())).toBeNull();

    const held = await loginBoth(browser, plan.id);
    expect(held.logins).toHaveLength(2);
    expect(JSON.stringify(held)).not.toContain('Admin-Pass');
    // 30 minutes later the purge erases them: the flow asks for them again.
    await app.ctx.storage.repairs.purgeExpiredSecrets(Date.now() + 31 * 60_000);
    expect(await app.ctx.storage.repairs.getSecret(plan.id, 'login:target', 0)).toBeNull();
    const again = await browser.post(apiPaths.repairAdvance(plan.id), {});
    expect(again.statusCode).toBe(409);

    await loginBoth(browser, plan.id);
    const cancelled = flowOf(await browser.post(apiPaths.repairCancel(plan.id)));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.logins).toEqual([]);
    for (const side of ['source', 'target'] as const)
      expect(await app.ctx.storage.repairs.getSecret(plan.id, `login:${side}`, Date.now())).toBeNull();
    expect((await browser.post(apiPaths.repairAdvance(plan.id), {})).statusCode).toBe(409);
    // The watch lists its repairs, newest first, so a reloaded page finds this one again.
    const listed = json<{ items: { id: string; status: string }[] }>(
      await browser.get(apiPaths.repairs(watch.id)),
    );
    expect(listed.items).toEqual([expect.objectContaining({ id: plan.id, status: 'cancelled' })]);
  });
});

describe('a server restart mid-flow', () => {
  it('resumes: the sealed new secret reaches the endpoint after the restart', async () => {
    const config = testConfig();
    const first = await makeApp(config);
    const { browser, watch, oldSecret, setupId } = await watchedPushSetup(first.app, sims, project());
    const plan = await startRepair(browser, watch.id, { kind: 'rotate', canary: 'none' });
    await loginBoth(browser, plan.id);
    sims.source.control.injectFault({ method: 'PUT', path: '/api/v2.0/registries/', status: 503 });
    const failed = await advance(browser, plan.id);
    expect(failed.steps.map((s) => s.status).slice(0, 2)).toEqual(['done', 'failed']);
    // One repair at a time: another one would act on a robot whose secret the endpoint lacks.
    const other = await browser.post(apiPaths.repairs(watch.id), {
      options: { kind: 'extend', durationDays: 30 },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json<{ code: string }>().code).toBe('repair-under-way');
    // Between the two, the endpoint still holds the old secret, which Harbor refuses now.
    expect(await pingEndpoint(sims, sims.source, watch.config.endpoint.id)).toBe(400);
    // As a crash in the middle of the endpoint update leaves it: the step recorded as running.
    const stored = (await first.app.ctx.storage.repairs.get(plan.id))!;
    const state = stored.state as { status: string; steps: { id: string; status: string }[] };
    state.status = 'running';
    state.steps.find((s) => s.id === 'update-endpoint')!.status = 'running';
    await first.app.ctx.storage.repairs.save(stored);
    await first.app.close();

    const second = await makeApp(config);
    try {
      const again = new Browser(second.app);
      await again.start();
      const resumed = flowOf(await again.get(apiPaths.repair(plan.id)));
      expect(resumed).toMatchObject({ status: 'running', active: false });
      const done = await advance(again, plan.id);
      expect(done.status).toBe('done');
      // The refresh done before the restart is not done again: its sealed secret was handed on.
      const refreshes = (await second.app.ctx.storage.listAudit({ setupId })).filter(
        (a) => a.method === 'PATCH' && a.path.startsWith('/api/v2.0/robots/'),
      );
      expect(refreshes).toHaveLength(1);
      expect(await pingEndpoint(sims, sims.source, watch.config.endpoint.id)).toBe(200);
      expect(await robotLogin(sims.target, watch.config.replicationRobot.name, oldSecret)).toBe(401);
    } finally {
      await second.app.close();
    }
  });
});
