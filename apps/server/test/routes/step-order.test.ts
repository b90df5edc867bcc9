// The server enforces the wizard's order: no rule on an untested or failing endpoint, no "completed"
// setup without a rule that ran, and the connection test speaks for the endpoint last entered.
import {
  apiErrorSchema,
  apiPaths,
  connectionTestResultSchema,
  endpointDefaultsSchema,
  executionSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { closedPort, json } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';
import { RULE, ok, throughRobot } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let id: string;
let project: string;
let n = 0;
beforeEach(async () => {
  sims.source.control.injectFault({ reset: true });
  ({ browser, id } = await connectedBrowser(app, sims));
  project = `order-${++n}`;
  await throughRobot(browser, id, project);
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
});

async function saveEndpoint(url?: string) {
  const defaults = endpointDefaultsSchema.parse(json(await browser.get(apiPaths.endpointDefaults(id))));
  return browser.put(apiPaths.endpoint(id), { name: `order-ep-${n}`, url: url ?? defaults.url });
}

function sourceProject(): string {
  return sims.source.control.state().projects[0]!.name;
}

function errorOf(res: { statusCode: number; json: () => unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  return apiErrorSchema.parse(res.json());
}

describe('rule steps need a passed connection test of the saved endpoint', () => {
  it('refuses the rule draft, review, rule and run before the test, after a failed one, and opens once it passes', async () => {
    ok(await saveEndpoint(), 'endpoint');
    const draft = RULE(project, sourceProject());

    const untested = errorOf(await browser.put(apiPaths.ruleDraft(id), draft), 409);
    expect(untested.code).toBe('connection-test-missing');
    expect(untested.hint).toContain('Test connection');

    // Harbor's own ping refuses: the test fails, and nothing after it may go on.
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/registries/ping', status: 400 });
    const failed = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(failed.ok).toBe(false);
    for (const res of [
      await browser.put(apiPaths.ruleDraft(id), draft),
      await browser.get(apiPaths.review(id)),
      await browser.put(apiPaths.rule(id)),
    ]) {
      const error = errorOf(res, 409);
      expect(error.code).toBe('connection-test-failed');
      expect(error.message).toContain("Harbor's own connection test");
      expect(error.hint).toMatch(/run the connection test again/);
    }

    expect(json<{ ok: boolean }>(await browser.post(apiPaths.connectionTest(id))).ok).toBe(true);
    ok(await browser.put(apiPaths.ruleDraft(id), draft), 'draft');
    ok(await browser.get(apiPaths.review(id)), 'review');
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));
    expect(state.policy).not.toBeNull();
  });

  it('a refused endpoint save makes an earlier passed test stale, and the test diagnoses the URL just entered', async () => {
    ok(await saveEndpoint(), 'endpoint');
    expect(json<{ ok: boolean }>(await browser.post(apiPaths.connectionTest(id))).ok).toBe(true);
    ok(await browser.put(apiPaths.ruleDraft(id), RULE(project, sourceProject())), 'draft');

    const dead = `http://127.0.0.1:${await closedPort()}`;
    expect((await saveEndpoint(dead)).statusCode).toBe(400);
    const after = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(after.connectionTest).toBeNull();
    expect(after.completedSteps).not.toContain('connection-test');

    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.ok).toBe(false);
    expect(test.checks.find((c) => c.id === 'tcp')?.status).toBe('fail');
    expect(JSON.stringify(test.checks)).toContain(dead);

    const stale = errorOf(await browser.put(apiPaths.rule(id)), 409);
    expect(stale.code).toBe('connection-test-stale');
    expect(stale.message).toContain(dead);
  });
});

describe('complete needs a rule that ran', () => {
  it('refuses to complete a setup with no rule, then with a rule that never ran, and completes after a run', async () => {
    const noRule = errorOf(await browser.post(apiPaths.complete(id)), 409);
    expect(noRule.code).toBe('rule-not-created');
    expect(setupStateSchema.parse(json(await browser.get(apiPaths.setup(id)))).status).toBe('in-progress');

    ok(await saveEndpoint(), 'endpoint');
    ok(await browser.post(apiPaths.connectionTest(id)), 'test');
    ok(await browser.put(apiPaths.ruleDraft(id), RULE(project, sourceProject())), 'draft');
    ok(await browser.put(apiPaths.rule(id)), 'rule');
    const neverRun = errorOf(await browser.post(apiPaths.complete(id)), 409);
    expect(neverRun.code).toBe('rule-never-run');
    expect(neverRun.hint).toContain('Replicate now');

    executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'run'));
    const done = setupStateSchema.parse(ok(await browser.post(apiPaths.complete(id)), 'complete'));
    expect(done.status).toBe('completed');
    expect(done.step).toBe('done');
  });
});

describe('endpoint save failures say what happened', () => {
  it('a 500 from Harbor on registries.create after a passing ping is an internal Harbor error, not a network one', async () => {
    // The ping answers first; the create (an exact path) then fails inside Harbor.
    sims.source.control.injectFault({ method: 'POST', path: '^/api/v2.0/registries$', status: 500 });
    const res = await saveEndpoint();
    const error = errorOf(res, 502);
    expect(error.code).toBe('harbor-server-error');
    expect(error.message).not.toMatch(/network|DNS|TLS/);
    expect(error.message).toContain('could not save the endpoint');
    expect(error.hint).toMatch(/try again/i);
  });
});
