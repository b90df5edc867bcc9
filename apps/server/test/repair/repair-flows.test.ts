// Extend, fix permissions and unstick over the simulators: the date shown is the date Harbor
// stores, permissions are added with the secret unchanged, and a run that refuses to stop leads to
// the job service queue and ends stopped.
import { apiPaths, executionSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { json } from '../helpers.ts';
import { startAppWithSims, TARGET_ADMIN } from '../sims.ts';
import {
  adminGet,
  adminPut,
  advance,
  flowOf,
  loginBoth,
  pingEndpoint,
  robotLogin,
  startRepair,
  watchedPushSetup,
} from './watched-setup.ts';

const { sims, app } = await startAppWithSims({ repairTiming: { pollIntervalMs: 50, waitMs: 1_500 } });
let n = 0;
const project = () => `fix-${++n}`;

type Robot = {
  creation_time: string;
  expires_at: number;
  duration: number;
  permissions: { access: { resource: string; action: string }[] }[];
};

describe('extend the expiry', () => {
  it('shows the date Harbor will store (creation time + days), applies it once confirmed, and the watch records it', async () => {
    const { browser, watch, oldSecret } = await watchedPushSetup(app, sims, project());
    const robot = watch.config.replicationRobot;
    const plan = await startRepair(browser, watch.id, { kind: 'extend', durationDays: 45 });
    expect(plan.loginsNeeded).toEqual(['target']);
    flowOf(await browser.post(apiPaths.repairLogins(plan.id), { logins: { target: TARGET_ADMIN } }));
    // The simulated clock runs ahead: now + 45 days would differ from creation + 45 days.
    sims.target.control.advanceClock(3 * 86_400_000);
    const asked = await advance(browser, plan.id);
    expect(asked.status).toBe('waiting');
    expect(asked.choice?.id).toBe('confirm-expiry');
    const before = await adminGet<Robot>(sims, sims.target, `/robots/${robot.id}`);
    const expected = Math.floor(Date.parse(before.creation_time) / 1000) + 45 * 86_400;
    expect(asked.resultingExpiry).toBe(expected);
    expect(before.expires_at).toBe(-1);

    const done = await advance(browser, plan.id, 'confirm');
    expect(done.status).toBe('done');
    const after = await adminGet<Robot>(sims, sims.target, `/robots/${robot.id}`);
    expect(after.expires_at).toBe(asked.resultingExpiry);
    expect((await app.ctx.storage.watches.get(watch.id))?.config.replicationRobot.expiresAt).toBe(
      asked.resultingExpiry,
    );
    // The secret is unchanged.
    expect(await robotLogin(sims.target, robot.name, oldSecret)).toBe(200);
  });

  it('warns about "never expires"', async () => {
    const { browser, watch } = await watchedPushSetup(app, sims, project());
    const plan = await startRepair(browser, watch.id, { kind: 'extend', durationDays: -1 });
    await loginBoth(browser, plan.id);
    const asked = await advance(browser, plan.id);
    expect(asked.resultingExpiry).toBe(-1);
    expect(asked.warnings.join(' ')).toMatch(/for ever/);
  });

  it('offers the rotation instead when the robot has already expired, changing nothing', async () => {
    const { browser, watch } = await watchedPushSetup(app, sims, project());
    const robot = watch.config.replicationRobot;
    sims.target.control.setRobotExpiry(robot.id, Math.floor(Date.now() / 1000) - 3600);
    const plan = await startRepair(browser, watch.id, { kind: 'extend', durationDays: 90 });
    await loginBoth(browser, plan.id);
    const failed = await advance(browser, plan.id);
    expect(failed.status).toBe('failed');
    expect(failed.steps[0]?.next).toMatch(/Rotate/);
    expect(failed.offer).toEqual({ kind: 'rotate', canary: 'none', durationDays: 90 });
    expect((await adminGet<Robot>(sims, sims.target, `/robots/${robot.id}`)).duration).toBe(-1);

    // The offered rotation extends first, then rotates: the robot works again.
    const rotate = await startRepair(browser, watch.id, failed.offer!);
    expect(rotate.steps[0]?.id).toBe('extend');
    await loginBoth(browser, rotate.id);
    expect((await advance(browser, rotate.id)).status).toBe('done');
    expect(await pingEndpoint(sims, sims.source, watch.config.endpoint.id)).toBe(200);
  });
});

describe('fix permissions in place', () => {
  it('adds repository and tag delete for a rule that replicates deletions, keeping the secret; a delete then replicates', async () => {
    const { browser, watch, oldSecret } = await watchedPushSetup(app, sims, project());
    const { rule, replicationRobot: robot } = watch.config;
    // The rule is turned into an event-based rule with deletions behind the wizard's back.
    const policy = await adminGet<Record<string, unknown>>(
      sims,
      sims.source,
      `/replication/policies/${rule.policyId}`,
    );
    expect(
      await adminPut(sims, sims.source, `/replication/policies/${rule.policyId}`, {
        ...policy,
        deletion: true,
        trigger: { type: 'event_based', trigger_settings: { cron: '' } },
      }),
    ).toBe(200);

    const plan = await startRepair(browser, watch.id, { kind: 'fix-permissions' });
    await loginBoth(browser, plan.id);
    const done = await advance(browser, plan.id);
    expect(done.status).toBe('done');
    expect(done.steps.find((s) => s.id === 'update-robot')?.detail).toMatch(/repository:delete, tag:delete/);
    const access = (await adminGet<Robot>(sims, sims.target, `/robots/${robot.id}`)).permissions.flatMap(
      (p) => p.access,
    );
    expect(access).toEqual(
      expect.arrayContaining([
        { resource: 'repository', action: 'push' },
        { resource: 'repository', action: 'delete' },
        { resource: 'tag', action: 'delete' },
      ]),
    );
    expect(await robotLogin(sims.target, robot.name, oldSecret)).toBe(200);

    // Replicated, then deleted on the source: the deletion reaches the target.
    const sourceProject = (policy.filters as { value: string }[])[0]!.value.split('/')[0]!;
    const repository = `${sourceProject}/deleted-later`;
    sims.source.control.pushArtifact({ repository, tag: 'v1' });
    await sims.source.control.idle();
    await sims.target.control.idle();
    const artifactsOnTarget = () => sims.target.control.state().artifacts;
    const replicated = artifactsOnTarget();
    expect(replicated).toBeGreaterThan(0);
    sims.source.control.deleteArtifact({ repository, reference: 'v1' });
    await sims.source.control.idle();
    await sims.target.control.idle();
    expect(artifactsOnTarget()).toBe(replicated - 1);
    const last = sims.source.control
      .state()
      .executions.filter((e) => e.policy_id === rule.policyId)
      .at(-1);
    expect(last?.status).toBe('Success');

    // Run again: nothing is missing, nothing is changed.
    const again = await startRepair(browser, watch.id, { kind: 'fix-permissions' });
    await loginBoth(browser, again.id);
    expect((await advance(browser, again.id)).steps.find((s) => s.id === 'update-robot')?.status).toBe(
      'skipped',
    );
  });
});

describe('replace the robot', () => {
  it('creates a robot with the permissions, rewires the endpoint, deletes the old one, never creating twice', async () => {
    const { browser, watch, oldSecret } = await watchedPushSetup(app, sims, project());
    const { replicationRobot: old, endpoint } = watch.config;
    const robotsBefore = sims.target.control.state().robots.length;
    const plan = await startRepair(browser, watch.id, { kind: 'fix-permissions', replace: true });
    expect(plan.steps.map((s) => s.id)).toEqual([
      'read-rule',
      'create-robot',
      'update-endpoint',
      'ping-endpoint',
      'check-permissions',
      'delete-old-robot',
      'export',
    ]);
    await loginBoth(browser, plan.id);
    // Harbor creates the robot, but its answer (with the only copy of the secret) is lost.
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', loseAnswer: true });
    const failed = await advance(browser, plan.id);
    expect(failed.steps.find((s) => s.status === 'failed')?.id).toBe('create-robot');
    expect(sims.target.control.state().robots.length).toBe(robotsBefore + 1);

    const done = await advance(browser, plan.id);
    expect(done.status).toBe('done');
    expect(done.exportAvailable).toBe(true);
    expect(sims.target.control.state().robots.length).toBe(robotsBefore);
    const replaced = (await app.ctx.storage.watches.get(watch.id))!.config.replicationRobot;
    expect(replaced.id).not.toBe(old.id);
    expect(replaced.name).not.toBe(old.name);
    expect(sims.target.control.state().robots.some((r) => r.id === old.id)).toBe(false);
    expect(await pingEndpoint(sims, sims.source, endpoint.id)).toBe(200);
    expect(await robotLogin(sims.target, old.name, oldSecret)).toBe(401);
    const registry = await adminGet<{ credential: { access_key: string } }>(
      sims,
      sims.source,
      `/registries/${endpoint.id}`,
    );
    expect(registry.credential.access_key).toBe(replaced.name);
  });
});

describe('unstick a run', () => {
  async function heldRun(refuseStop: boolean) {
    const watched = await watchedPushSetup(app, sims, project());
    sims.source.control.holdExecutions({ policyId: watched.watch.config.rule.policyId, refuseStop });
    const started = executionSchema.parse(
      json(await watched.browser.post(apiPaths.executions(watched.setupId))),
    );
    return { ...watched, executionId: started.id };
  }
  const statusOf = async (id: number) =>
    (await adminGet<{ status: string }>(sims, sims.source, `/replication/executions/${id}`)).status;

  it('stops the run when Harbor lets it', async () => {
    const { browser, watch, executionId } = await heldRun(false);
    const plan = await startRepair(browser, watch.id, { kind: 'unstick' });
    expect(plan.notes.join(' ')).toMatch(/aren't in final status/);
    expect(plan.loginsNeeded).toEqual(['source']);
    await loginBoth(browser, plan.id);
    const done = await advance(browser, plan.id);
    expect(done.status).toBe('done');
    expect(done.steps.map((s) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await statusOf(executionId)).toBe('Stopped');
  });

  it('a run that refuses to stop leads to the REPLICATION queue, whose pending jobs are stopped: it ends stopped', async () => {
    const { browser, watch, executionId, setupId } = await heldRun(true);
    const plan = await startRepair(browser, watch.id, { kind: 'unstick' });
    await loginBoth(browser, plan.id);
    const asked = await advance(browser, plan.id);
    expect(asked.status).toBe('waiting');
    expect(asked.choice?.id).toBe('queue-action');
    expect(asked.queue?.count).toBeGreaterThan(0);
    expect(asked.choice?.options.map((o) => o.value)).toEqual(['stop-pending', 'give-up']);
    expect(asked.choice?.options[0]?.consequence).toMatch(/every rule/);
    expect(await statusOf(executionId)).toBe('InProgress');

    const done = await advance(browser, plan.id, 'stop-pending');
    expect(done.status).toBe('done');
    expect(done.steps.find((s) => s.id === 'queue-action')?.status).toBe('done');
    expect(await statusOf(executionId)).toBe('Stopped');
    const audit = (await app.ctx.storage.listAudit({ setupId })).filter(
      (a) => a.actor === 'admin' && a.at >= plan.createdAt,
    );
    expect(audit.map((a) => `${a.side} ${a.method} ${a.path.replace(/\d+$/, 'N')}`)).toEqual([
      'source PUT /api/v2.0/replication/executions/N',
      'source PUT /api/v2.0/jobservice/queues/REPLICATION',
    ]);
  });

  it('when nothing is changed in the queue, the runbook is what is left', async () => {
    const { browser, watch, executionId } = await heldRun(true);
    const plan = await startRepair(browser, watch.id, { kind: 'unstick', executionId });
    await loginBoth(browser, plan.id);
    await advance(browser, plan.id);
    const left = await advance(browser, plan.id, 'give-up');
    expect(left.status).toBe('failed');
    expect(left.steps.at(-1)?.id).toBe('runbook');
    expect(left.runbook.join(' ')).toMatch(/restart/i);
    sims.source.control.releaseExecutions(executionId);
    await sims.source.control.idle();
    expect((await advance(browser, plan.id)).status).toBe('done');
  });
});
