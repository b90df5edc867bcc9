// Harbor failures at each step: a clear message, and a retry that creates nothing twice.
import {
  apiErrorSchema,
  apiPaths,
  cleanupResultSchema,
  executionSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import { Browser, json } from '../helpers.ts';
import { TARGET_ADMIN, connectedSetup, startAppWithSims } from '../sims.ts';
import { RULE, ok, throughRobot, throughRule } from './push-flow.ts';

const { sims, app } = await startAppWithSims({ harborTimeoutMs: 400 });

let browser: Browser;
let n = 0;
const project = () => `fault-${++n}-${Date.now() % 100000}`;
beforeEach(async () => {
  sims.source.control.injectFault({ reset: true });
  sims.target.control.injectFault({ reset: true });
  browser = await Browser.started(app);
});

describe('connect', () => {
  it('a Harbor that does not answer in time: a timeout message, then a retry works', async () => {
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    sims.target.control.injectFault({ path: '/api/v2.0/users/current', delayMs: 1500, times: 3 });
    const res = await browser.post(apiPaths.connect(id, 'target'), { url: sims.target.url, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(504);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-timeout');
    sims.target.control.injectFault({ reset: true });
    expect(
      (await browser.post(apiPaths.connect(id, 'target'), { url: sims.target.url, ...TARGET_ADMIN }))
        .statusCode,
    ).toBe(200);
  });

  it('a 403 on systeminfo is explained as missing rights', async () => {
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    sims.target.control.injectFault({ path: '/api/v2.0/systeminfo', status: 403, times: 3 });
    const res = await browser.post(apiPaths.connect(id, 'target'), { url: sims.target.url, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(403);
    expect(apiErrorSchema.parse(res.json())).toMatchObject({
      code: 'harbor-forbidden',
      harbor: { status: 403 },
    });
  });
});

describe('project and robot', () => {
  it('a 403 on project creation is explained; the retry creates it once', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/projects', status: 403 });
    const denied = await browser.put(apiPaths.project(id), { name, create: true });
    expect(denied.statusCode).toBe(403);
    expect(apiErrorSchema.parse(denied.json()).hint).toMatch(/administrator/);
    expect((await browser.put(apiPaths.project(id), { name, create: true })).statusCode).toBe(200);
    expect(sims.target.control.state().projects.filter((p) => p.name === name)).toHaveLength(1);
  });

  it('a robot create whose answer is lost (timeout) is reused on retry: one robot', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    ok(await browser.put(apiPaths.project(id), { name, create: true }), 'project');
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', delayMs: 1000 });
    const lost = await browser.post(apiPaths.robot(id), { name: 'slow', duration: -1 });
    expect(lost.statusCode).toBe(504);
    await new Promise((resolve) => setTimeout(resolve, 800));
    // Whether Harbor finished the abandoned create or not, the retry ends with one usable robot.
    const retry = await browser.post(apiPaths.robot(id), { name: 'slow', duration: -1 });
    if (retry.statusCode === 409) {
      expect(apiErrorSchema.parse(retry.json()).conflict?.options).toEqual(['reuse', 'rename']);
      expect(
        (await browser.post(apiPaths.robot(id), { name: 'slow', duration: -1, onConflict: 'reuse' }))
          .statusCode,
      ).toBe(200);
    } else {
      expect(retry.statusCode).toBe(200);
    }
    expect(sims.target.control.state().robots.filter((r) => r.name === `robot$${name}+slow`)).toHaveLength(1);
  });
});

describe('Harbor answers 401 and 404 after login', () => {
  it('a 401 later on (password changed in Harbor) asks to connect again', async () => {
    const id = await connectedSetup(browser, sims);
    sims.target.control.injectFault({ method: 'GET', path: '/api/v2.0/projects', status: 401, times: 3 });
    const res = await browser.get(`${apiPaths.projects(id)}?side=target`);
    expect(res.statusCode).toBe(401);
    expect(apiErrorSchema.parse(res.json())).toMatchObject({
      code: 'harbor-unauthorized',
      hint: expect.stringMatching(/Connect again/) as unknown,
    });
  });

  it('a 404 (deleted in Harbor meanwhile) says to choose it again', async () => {
    const id = await connectedSetup(browser, sims);
    ok(await browser.put(apiPaths.project(id), { name: project(), create: true }), 'project');
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', status: 404 });
    const res = await browser.post(apiPaths.robot(id), { name: 'orphan', duration: -1 });
    expect(res.statusCode).toBe(404);
    expect(apiErrorSchema.parse(res.json()).hint).toMatch(/choose or create it again/);
  });
});

describe('rule', () => {
  it('a 503 on policy create, then a retry: exactly one policy', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, id, name);
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/replication/policies', status: 503 });
    await expect(throughRule(browser, id, name)).rejects.toThrow(/HTTP 502/);
    ok(await browser.put(apiPaths.rule(id)), 'retry');
    expect(sims.source.control.state().policies.filter((p) => p.name === `rule-${name}`)).toHaveLength(1);
  });

  it('a policy create whose answer is lost (timeout) is adopted on retry when it matches: one policy', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, id, name);
    sims.source.control.injectFault({
      method: 'POST',
      path: '/api/v2.0/replication/policies',
      delayMs: 1000,
    });
    await expect(throughRule(browser, id, name)).rejects.toThrow(/HTTP 504/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'retry'));
    expect(state.policy?.name).toBe(`rule-${name}`);
    expect(state.created.filter((c) => c.kind === 'policy')).toHaveLength(1);
    expect(sims.source.control.state().policies.filter((p) => p.name === `rule-${name}`)).toHaveLength(1);
  });

  it('a rule name taken by a different rule: 409 asking for another name', async () => {
    const first = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, first, name);
    await throughRule(browser, first, name);
    const second = await connectedSetup(browser, sims);
    const other = project();
    await throughRobot(browser, second, other);
    await expect(throughRule(browser, second, other)).resolves.toBeDefined();
    const clash = { ...RULE(other, 'elsewhere'), name: `rule-${name}` };
    ok(await browser.put(apiPaths.ruleDraft(second), clash), 'draft');
    // The second setup already has its own policy: saving updates it, so rename clashes surface as Harbor's 409.
    const res = await browser.put(apiPaths.rule(second));
    expect(res.statusCode).toBe(409);
  });

  it('a disabled rule cannot be started: 412 explained', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, id, name);
    await throughRule(browser, id, name);
    ok(await browser.put(apiPaths.ruleDraft(id), { ...RULE(name, 'x'), enabled: false }), 'draft');
    ok(await browser.put(apiPaths.rule(id)), 'rule');
    const res = await browser.post(apiPaths.executions(id));
    expect(res.statusCode).toBe(412);
    expect(apiErrorSchema.parse(res.json()).code).toBe('rule-disabled');
  });
});

describe('cleanup', () => {
  it('deletes policy → registry → robot → project; explains a 412 and is idempotent', async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, id, name);
    await throughRule(browser, id, name);

    const dry = cleanupResultSchema.parse(
      ok(await browser.post(apiPaths.cleanup(id), { dryRun: true }), 'dry run'),
    );
    expect(dry.steps.map((s) => [s.kind, s.status])).toEqual([
      ['policy', 'will-delete'],
      ['registry', 'will-delete'],
      ['robot', 'will-delete'],
      ['project', 'will-delete'],
    ]);

    sims.source.control.injectFault({
      method: 'DELETE',
      path: '/api/v2.0/replication/policies',
      status: 412,
    });
    const blocked = cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), {}), 'cleanup'));
    expect(blocked.steps[0]).toMatchObject({ kind: 'policy', status: 'failed' });
    expect(blocked.steps[0]?.message).toMatch(/stop it/);
    expect(blocked.steps.slice(1).map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(sims.target.control.state().projects.some((p) => p.name === name)).toBe(true);

    const done = cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), {}), 'cleanup again'));
    expect(done.steps.map((s) => [s.kind, s.status])).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'deleted'],
    ]);
    expect(sims.target.control.state().projects.some((p) => p.name === name)).toBe(false);
    const again = cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), {}), 'idempotent'));
    expect(again.steps.every((s) => s.status === 'already-gone')).toBe(true);
  });

  it('the audit log records every mutating Harbor call without bodies, with the Harbor user who made it', async () => {
    const id = await connectedSetup(browser, sims);
    await throughRobot(browser, id, project());
    const audit = await app.ctx.storage.listAudit({ setupId: id });
    expect(audit.map((a) => `${a.side} ${a.method} ${a.path} ${a.outcome}`)).toEqual([
      'target POST /api/v2.0/projects 201',
      'target POST /api/v2.0/robots 201',
    ]);
    // Who made each change: the Harbor user the wizard is logged in as.
    expect(audit.map((a) => a.actor)).toEqual(['admin', 'admin']);
  });
});

describe('executions', () => {
  it("runs, lists and stops only this setup's executions", async () => {
    const id = await connectedSetup(browser, sims);
    const name = project();
    await throughRobot(browser, id, name);
    await throughRule(browser, id, name);
    const started = executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'start'));
    const stopped = await browser.post(apiPaths.stopExecution(id, started.id));
    expect(stopped.statusCode).toBe(200);
    expect(executionSchema.parse(stopped.json()).id).toBe(started.id);
    const foreign = await browser.get(apiPaths.execution(id, 999_999));
    expect(foreign.statusCode).toBe(404);
  });
});
