// Finishing without a run, and the clean-up's preview and run as Harbor would meet them.
import {
  apiPaths,
  cleanupResultSchema,
  executionSchema,
  sessionSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import type { CleanupResult } from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import { Browser, json } from '../helpers.ts';
import { connectedSetup, startAppWithSims } from '../sims.ts';
import { ok, throughRobot, throughRule } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let n = 0;
const projectName = () => `finish-${++n}-${Date.now() % 100000}`;
beforeEach(async () => {
  browser = await Browser.started(app);
});

async function setupWithRule(): Promise<{ id: string; project: string }> {
  const id = await connectedSetup(browser, sims);
  const project = projectName();
  await throughRobot(browser, id, project);
  await throughRule(browser, id, project);
  return { id, project };
}

const cleanupOf = async (id: string, body: { dryRun?: boolean; keepProject?: boolean }) =>
  cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), body), 'clean-up'));
const statuses = (result: CleanupResult) => result.steps.map((s) => [s.kind, s.status]);
const historyStatus = async (id: string) =>
  sessionSchema.parse(json(await browser.get(apiPaths.session))).history.find((s) => s.id === id)?.status;

describe('finish without running now', () => {
  it('completes a setup whose rule never ran and records that the verification is still to do', async () => {
    const { id } = await setupWithRule();
    expect((await browser.post(apiPaths.complete(id))).statusCode).toBe(409);

    const done = setupStateSchema.parse(
      ok(await browser.post(apiPaths.complete(id), { withoutRun: true }), 'complete'),
    );
    expect(done).toMatchObject({ status: 'completed', step: 'done', finishedWithoutRun: true });
    const policyId = done.policy?.id;
    expect(sims.source.control.state().executions.filter((e) => e.policy_id === policyId)).toEqual([]);
    expect(setupStateSchema.parse(json(await browser.get(apiPaths.setup(id)))).finishedWithoutRun).toBe(true);
  });

  it('a setup finished after its run records the verification as done', async () => {
    const { id } = await setupWithRule();
    executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'run'));
    const done = setupStateSchema.parse(ok(await browser.post(apiPaths.complete(id)), 'complete'));
    expect(done).toMatchObject({ status: 'completed', finishedWithoutRun: false });
  });

  it('still needs a rule', async () => {
    const id = await connectedSetup(browser, sims);
    const res = await browser.post(apiPaths.complete(id), { withoutRun: true });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('rule-not-created');
  });
});

describe('clean-up', () => {
  it('previews a non-empty project as kept, deletes rule → endpoint → robot, and says "Cleaned up"', async () => {
    const { id, project } = await setupWithRule();
    for (const repo of ['a', 'b', 'c'])
      sims.target.control.pushArtifact({ repository: `${project}/${repo}`, tag: 'v1' });

    const preview = await cleanupOf(id, { dryRun: true });
    expect(statuses(preview)).toEqual([
      ['policy', 'will-delete'],
      ['registry', 'will-delete'],
      ['robot', 'will-delete'],
      ['project', 'will-keep'],
    ]);
    expect(preview.steps[3]).toMatchObject({ repositories: 3 });
    expect(preview.steps[3]?.message).toContain(`"${project}" holds 3 repositories`);
    const refused = await cleanupOf(id, { dryRun: true, keepProject: false });
    expect(refused.steps[3]?.status).toBe('cannot-delete');
    expect(refused.steps[3]?.message).toMatch(
      /refuses to delete a non-empty project; keep it, or delete its repositories first/,
    );
    // A preview changes nothing.
    expect(setupStateSchema.parse(json(await browser.get(apiPaths.setup(id)))).status).toBe('in-progress');

    const run = await cleanupOf(id, {});
    expect(statuses(run)).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'kept'],
    ]);
    const deletes = (await app.ctx.storage.listAudit({ setupId: id }))
      .filter((a) => a.method === 'DELETE')
      .map((a) => `${a.side} ${a.path.replace(/\d+$/, 'N')}`);
    expect(deletes).toEqual([
      'source /api/v2.0/replication/policies/N',
      'source /api/v2.0/registries/N',
      'target /api/v2.0/robots/N',
    ]);
    expect(sims.target.control.state().projects.some((p) => p.name === project)).toBe(true);
    const state = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(state.status).toBe('cleaned-up');
    expect(state.cleanup?.steps.map((s) => s.status)).toEqual(['deleted', 'deleted', 'deleted', 'kept']);
    expect(await historyStatus(id)).toBe('cleaned-up');
  });

  it("a refused project is reported with Harbor's message, the setup is partly cleaned up, and a re-run is idempotent", async () => {
    const { id, project } = await setupWithRule();
    sims.target.control.pushArtifact({ repository: `${project}/only`, tag: 'v1' });

    const run = await cleanupOf(id, { keepProject: false });
    expect(statuses(run)).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'failed'],
    ]);
    expect(run.steps[3]?.message).toContain(
      'Harbor: "the project contains repositories, can not be deleted"',
    );
    expect(await historyStatus(id)).toBe('partly-cleaned-up');

    const preview = await cleanupOf(id, { dryRun: true });
    expect(statuses(preview)).toEqual([
      ['policy', 'already-gone'],
      ['registry', 'already-gone'],
      ['robot', 'already-gone'],
      ['project', 'will-keep'],
    ]);
    const again = await cleanupOf(id, { keepProject: true });
    expect(statuses(again)).toEqual([
      ['policy', 'already-gone'],
      ['registry', 'already-gone'],
      ['robot', 'already-gone'],
      ['project', 'kept'],
    ]);
    expect(await historyStatus(id)).toBe('cleaned-up');
  });

  it('a rule with a running execution cannot be deleted: the preview says so and keeps what it uses', async () => {
    const { id } = await setupWithRule();
    const state = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    sims.source.control.holdExecutions({ policyId: state.policy!.id });
    executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'run'));

    const preview = await cleanupOf(id, { dryRun: true });
    expect(statuses(preview)).toEqual([
      ['policy', 'cannot-delete'],
      ['registry', 'cannot-delete'],
      ['robot', 'cannot-delete'],
      ['project', 'cannot-delete'],
    ]);
    expect(preview.steps[0]?.message).toMatch(/execution of this rule is still running: stop it/);
    expect(preview.steps[1]?.message).toMatch(/Kept: the rule .* cannot be deleted first/);

    const run = await cleanupOf(id, {});
    expect(statuses(run)).toEqual([
      ['policy', 'failed'],
      ['registry', 'skipped'],
      ['robot', 'skipped'],
      ['project', 'skipped'],
    ]);
    expect(await historyStatus(id)).toBe('partly-cleaned-up');
    sims.source.control.releaseExecutions();
    await sims.source.control.idle();
    // The released run filled the project, so it is kept by default.
    expect(statuses(await cleanupOf(id, {}))).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'kept'],
    ]);
    expect(await historyStatus(id)).toBe('cleaned-up');
  });
});
