// A create whose answer is lost (Harbor acted, but the server timed out, or died before saving):
// the retry meets Harbor's 409 and adopts the object as this setup's own when it is exactly what
// this setup asked for (the request is saved in the setup before Harbor is asked), so clean-up
// removes it instead of leaving an orphan on Harbor.
import type { CreatedObject } from '@hw/wizard-api';
import {
  apiErrorSchema,
  apiPaths,
  cleanupResultSchema,
  robotCreatedResponseSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';
import { connectedSetup, startSims } from '../sims.ts';
import { ok, throughRobot, throughRule } from './push-flow.ts';

// Harbor acts, then the connection drops before its answer arrives.
const LOST = { loseAnswer: true } as const;

const sims = await startSims();
const config = testConfig();
let { app } = await makeApp(config);
afterAll(async () => {
  await app.close();
  await sims.close();
});

let browser: Browser;
let n = 0;
const projectName = () => `lost-${++n}-${Date.now() % 100000}`;
beforeEach(async () => {
  sims.source.control.injectFault({ reset: true });
  sims.target.control.injectFault({ reset: true });
  browser = await Browser.started(app);
});

async function created(id: string): Promise<CreatedObject[]> {
  return setupStateSchema.parse(ok(await browser.get(apiPaths.setup(id)), 'setup')).created;
}

async function cleanedUp(id: string): Promise<[string, string][]> {
  const result = cleanupResultSchema.parse(ok(await browser.post(apiPaths.cleanup(id), {}), 'clean-up'));
  return result.steps.map((s) => [s.kind, s.status]);
}

describe('a lost answer leaves no orphan', () => {
  it('a project create whose answer is lost is adopted as created by this setup on retry and removed by clean-up', async () => {
    const id = await connectedSetup(browser, sims);
    const name = projectName();
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/projects', ...LOST });
    const lost = await browser.put(apiPaths.project(id), { name, create: true });
    expect(apiErrorSchema.parse(lost.json()).code).toBe('harbor-reset');
    expect(sims.target.control.state().projects.some((p) => p.name === name)).toBe(true);

    const state = setupStateSchema.parse(
      ok(await browser.put(apiPaths.project(id), { name, create: true }), 'retry'),
    );
    expect(state.project).toMatchObject({ name, createdByWizard: true });
    expect(state.created).toEqual([{ side: 'target', kind: 'project', id: state.project?.id, name }]);
    expect(await cleanedUp(id)).toEqual([['project', 'deleted']]);
    expect(sims.target.control.state().projects.some((p) => p.name === name)).toBe(false);
  });

  it('a robot create whose answer is lost is adopted as created by this setup on retry and removed by clean-up', async () => {
    const id = await connectedSetup(browser, sims);
    const name = projectName();
    ok(await browser.put(apiPaths.project(id), { name, create: true }), 'project');
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', ...LOST });
    const lost = await browser.post(apiPaths.robot(id), { name: 'lost', duration: -1 });
    expect(apiErrorSchema.parse(lost.json()).code).toBe('harbor-reset');
    expect(sims.target.control.state().robots.some((r) => r.name === `robot$${name}+lost`)).toBe(true);

    const retry = robotCreatedResponseSchema.parse(
      ok(await browser.post(apiPaths.robot(id), { name: 'lost', duration: -1 }), 'retry'),
    );
    expect(retry.robot).toMatchObject({ name: `robot$${name}+lost`, reused: false });
    expect(await created(id)).toContainEqual({
      side: 'target',
      kind: 'robot',
      id: retry.robot.id,
      name: retry.robot.name,
    });
    expect(await cleanedUp(id)).toEqual([
      ['robot', 'deleted'],
      ['project', 'deleted'],
    ]);
    expect(sims.target.control.state().robots.some((r) => r.name === `robot$${name}+lost`)).toBe(false);
  });

  it('a robot create whose answer is lost as the server dies is adopted by the restarted server and removed by clean-up', async () => {
    const id = await connectedSetup(browser, sims);
    const name = projectName();
    ok(await browser.put(apiPaths.project(id), { name, create: true }), 'project');
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', ...LOST });
    expect((await browser.post(apiPaths.robot(id), { name: 'lost', duration: -1 })).statusCode).toBe(502);
    // Nothing of the server's memory survives: a new process starts on the same data directory and key.
    await app.close();
    ({ app } = await makeApp(config));
    browser.app = app;

    const retry = robotCreatedResponseSchema.parse(
      ok(await browser.post(apiPaths.robot(id), { name: 'lost', duration: -1 }), 'retry'),
    );
    expect(retry.robot.reused).toBe(false);
    expect(await cleanedUp(id)).toEqual([
      ['robot', 'deleted'],
      ['project', 'deleted'],
    ]);
  });

  it('an endpoint and a rule whose creates lose their answers are adopted on retry: one of each, both removed by clean-up', async () => {
    const id = await connectedSetup(browser, sims);
    const name = projectName();
    await throughRobot(browser, id, name);
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/registries', ...LOST });
    await expect(throughRule(browser, id, name)).rejects.toThrow(/endpoint: HTTP 502/);
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/replication/policies', ...LOST });
    await expect(throughRule(browser, id, name)).rejects.toThrow(/rule: HTTP 502/);
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'retry'));

    expect(state.created.map((c) => c.kind)).toEqual(['project', 'robot', 'registry', 'policy']);
    const source = sims.source.control.state();
    expect(source.policies.filter((p) => p.name === `rule-${name}`)).toHaveLength(1);
    expect(source.registries.filter((r) => r.id === state.endpoint?.id)).toHaveLength(1);
    expect(await cleanedUp(id)).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'deleted'],
    ]);
  });

  it('an object of the same name that this setup did not ask for is never adopted: 409, and a reuse stays out of clean-up', async () => {
    const first = await connectedSetup(browser, sims);
    const name = projectName();
    ok(await browser.put(apiPaths.project(first), { name, create: true }), 'project');
    ok(await browser.post(apiPaths.robot(first), { name: 'twin', duration: -1 }), 'robot');

    const second = await connectedSetup(browser, sims);
    const taken = await browser.put(apiPaths.project(second), { name, create: true });
    expect(taken.statusCode).toBe(409);
    expect(apiErrorSchema.parse(taken.json()).code).toBe('project-exists');
    ok(await browser.put(apiPaths.project(second), { name, create: false }), 'use the existing project');
    const conflict = await browser.post(apiPaths.robot(second), { name: 'twin', duration: -1 });
    expect(conflict.statusCode).toBe(409);
    ok(
      await browser.post(apiPaths.robot(second), { name: 'twin', duration: -1, onConflict: 'reuse' }),
      'reuse',
    );
    expect(await created(second)).toEqual([]);
  });
});
