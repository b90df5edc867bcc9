// Repairing a watched replication (issue 15) on the demo Harbors, from the watch's detail page: rotate
// the replication robot's secret (the old one refused by Harbor, the endpoint working with the new
// one, a canary run, the secret in no answer but the one export), extend its expiry (the date shown
// is the one Harbor stores), unstick a run (a plain stop, then a run that refuses to stop and is
// ended from the job service queue), and fix its permissions for an event-based rule with deletions.
// The tests run in order on one watched setup; the last one stops watching it (watches are
// server-wide, and other specs expect "/" to be the start page when nothing is watched).
import { readFileSync } from 'node:fs';

import type { Page } from '@playwright/test';

import { createHarborClient, isHarborError } from '@hw/harbor-client';
import type { WatchSummary } from '@hw/wizard-api';

import { adminClient, finalExecution, sim, tagsOf } from '../support/harbor-direct.ts';
import { harbors } from '../support/harbors.ts';
import type { SimName } from '../support/harbors.ts';
import type { Operator } from '../support/interactions.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { recordResponseBodies } from '../support/response-bodies.ts';
import { createAndReplicate, finishSetup, startWithProject } from '../support/setup-walk.ts';
import { finishWatching, watchOf } from '../support/watch.ts';
import {
  confirmHandOff,
  connectDemo,
  createEndpoint,
  createRobot,
  fillRule,
  readRobotSecret,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'repaired-push';
const RULE = 'repaired-push';

/** The secret the credentials step showed when the wizard created the replication robot. */
let firstSecret = '';

test.afterEach(async () => {
  await sim.releaseExecutions('source');
});

function adminAuth(name: SimName): string {
  const { username, password } = harbors[name].admin;
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The watch, read with this test's own browser session (each test opens a new one). */
async function watched(page: Page): Promise<WatchSummary> {
  // The session cookie comes with the session; the Replications page alone does not ask for one.
  expect((await page.request.get('/api/session')).status()).toBe(200);
  await page.goto('/replications');
  await expect(page.getByRole('heading', { name: 'Replications', exact: true })).toBeVisible();
  return watchOf(page.request, RULE);
}

/** The simulator's hold, with `refuse_stop`: a stop is accepted but the execution stays InProgress. */
async function holdRefusingStop(policyId: number): Promise<void> {
  const response = await fetch(`${harbors.source.url}/__sim/executions/hold`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ policy_id: policyId, count: 1, refuse_stop: true }),
  });
  expect(response.ok, await response.text()).toBe(true);
}

/** The replication robot as Harbor stores it, read by the target's admin. */
async function storedRobot(watch: WatchSummary) {
  const client = adminClient('target');
  const project = await client.projects.findByName(PROJECT);
  expect(project).not.toBeNull();
  const robots = await client.robots.listByProject(project!.project_id!, { pageSize: 100 });
  const robot = robots.items.find((r) => r.name === watch.replicationRobot.name);
  expect(robot, `no robot ${watch.replicationRobot.name} on the target`).toBeDefined();
  return robot!;
}

/** Whether Harbor's token service accepts the robot's login with `secret` (a pull grant on the project). */
async function robotCanPull(name: string, secret: string): Promise<boolean> {
  const client = createHarborClient({ baseUrl: harbors.target.url, username: name, password: secret });
  try {
    const grant = await client.registryToken(`repository:${PROJECT}/alpine:pull`);
    return grant.access.some((a) => a.actions.includes('pull'));
  } catch (error) {
    if (isHarborError(error) && error.status === 401) return false;
    throw error;
  }
}

/** Repair → the flow → its options (`fill`) → the plan page, with the demo Harbors' logins. */
async function openRepair(op: Operator, watch: WatchSummary, flow: string, fill?: () => Promise<void>) {
  const { page } = op;
  await page.goto(`/replications/${watch.id}`);
  await expect(page.getByRole('heading', { level: 2, name: RULE })).toBeVisible();
  await op.click(page.getByRole('button', { name: 'Repair', exact: true }));
  await op.click(page.getByRole('menuitem', { name: flow }));
  const dialog = page.getByRole('dialog', { name: flow });
  await expect(dialog).toBeVisible();
  await fill?.();
  await op.click(dialog.getByRole('button', { name: 'Show the plan' }));
  await expect(page).toHaveURL(new RegExp(`/replications/${watch.id}/repairs/[^/]+$`));
  await expect(page.getByRole('heading', { level: 2, name: flow })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Repair status' })).toContainText(
    'Planned: nothing has been changed yet',
  );
}

/** Start: the demo Harbors need no login; the admin logins form just says so. */
async function startRepair(op: Operator) {
  const { page } = op;
  const login = page.getByRole('form', { name: 'Admin login' });
  await expect(login.getByText('Demo Harbor run by this server: no login needed.').first()).toBeVisible();
  await op.click(login.getByRole('button', { name: 'Start' }));
}

async function expectDone(page: Page, timeout = 120_000) {
  await expect(page.getByRole('link', { name: 'Back to the replication' })).toBeVisible({ timeout });
  await expect(page.getByRole('status', { name: 'Repair status' })).toContainText('Done');
}

const step = (page: Page, title: RegExp) =>
  page.getByRole('list', { name: 'Steps' }).getByRole('listitem', { name: title });

test('a watched push setup (its robot secret noted at the credentials step)', async ({ op }) => {
  test.setTimeout(240_000);
  await startWithProject(op, PROJECT);
  await createRobot(op);
  firstSecret = await readRobotSecret(op.page);
  await confirmHandOff(op);
  await connectDemo(op, 'source');
  await createEndpoint(op, 'e2e-repaired');
  await testConnection(op);
  await fillRule(op, { name: RULE, nameFilter: 'library/alpine', namespace: PROJECT });
  await createAndReplicate(op);
  await finishSetup(op);
  await finishWatching(op);
  const watch = await watchOf(op.page.request, RULE);
  expect(await robotCanPull(watch.replicationRobot.name, firstSecret)).toBe(true);
});

test('rotate: Harbor refuses the old secret, the endpoint works with the new one, the canary run succeeds, the secret is in no answer but the export', async ({
  page,
  op,
}) => {
  test.setTimeout(240_000);
  const watch = await watched(page);
  const recording = recordResponseBodies(page);

  await openRepair(op, watch, 'Rotate the secret');
  await startRepair(op);
  await expectDone(page, 180_000);
  await expect(step(page, /Run rule .* once/)).toContainText('Done');

  // The new robot file, once.
  const downloading = page.waitForEvent('download');
  await op.click(page.getByRole('button', { name: 'Export to file' }));
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${watch.replicationRobot.name}.json`);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as { name: string; secret: string };
  await expect(page.getByText(/The server no longer holds the secret/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export to file' })).toHaveCount(0);
  const again = await page.request.get(`/api/repairs/${page.url().split('/').pop()}/export`);
  expect(again.status()).toBe(410);
  const responses = await recording.stop();

  expect(file.secret).not.toBe(firstSecret);
  expect(await robotCanPull(watch.replicationRobot.name, firstSecret)).toBe(false);
  expect(await robotCanPull(watch.replicationRobot.name, file.secret)).toBe(true);

  // The endpoint holds the new secret: Harbor's ping of it and a run of the rule both succeed.
  const source = adminClient('source');
  await source.registries.ping({ id: watch.endpoint.id });
  const { id } = await source.executions.start(watch.rule.policyId);
  expect((await finalExecution('source', id)).status).toBe('Succeed');

  const withSecret = responses
    .filter((r) => r.body.includes(file.secret))
    .map((r) => new URL(r.url).pathname);
  expect(withSecret).toEqual([expect.stringMatching(/^\/api\/repairs\/[^/]+\/export$/)]);
  expect(responses.filter((r) => r.body.includes(firstSecret))).toEqual([]);
});

test('extend: the expiry shown before applying is the one Harbor stores', async ({ page, op }) => {
  const watch = await watched(page);
  await openRepair(op, watch, 'Extend the expiry', async () => {
    const days = page.getByRole('textbox', { name: 'Days' });
    await op.fill(days, '45');
  });
  await startRepair(op);
  const shown = page.getByLabel('Resulting expiry').locator('time');
  await expect(shown).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Resulting expiry')).toContainText(' UTC (');
  const dateTime = await shown.getAttribute('datetime');
  const question = page.getByRole('form', { name: /Harbor will store the expiry/ });
  await op.check(question.getByRole('radio', { name: 'Apply' }));
  await op.click(question.getByRole('button', { name: 'Continue' }));
  await expectDone(page);

  const robot = await storedRobot(watch);
  expect(robot.duration).toBe(45);
  expect(new Date((robot.expires_at ?? 0) * 1000).toISOString()).toBe(dateTime);
});

test('unstick: a run held InProgress is stopped', async ({ page, op }) => {
  const watch = await watched(page);
  await sim.holdExecutions('source', watch.rule.policyId);
  const { id } = await adminClient('source').executions.start(watch.rule.policyId);
  expect((await adminClient('source').executions.get(id)).status).toBe('InProgress');

  await openRepair(op, watch, 'Unstick a run');
  await startRepair(op);
  await expectDone(page);
  expect((await adminClient('source').executions.get(id)).status).toBe('Stopped');
});

test('unstick: a run that refuses to stop leads to the queue step and ends stopped', async ({ page, op }) => {
  test.setTimeout(180_000);
  const watch = await watched(page);
  await holdRefusingStop(watch.rule.policyId);
  const { id } = await adminClient('source').executions.start(watch.rule.policyId);

  await openRepair(op, watch, 'Unstick a run');
  await startRepair(op);
  const question = page
    .getByRole('form')
    .filter({ has: page.getByRole('radio', { name: 'Stop the pending replication jobs' }) });
  await expect(question).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('region', { name: 'Job service replication queue' })).toBeVisible();
  const stopPending = question.getByRole('radio', { name: 'Stop the pending replication jobs' });
  await op.check(stopPending);
  await op.click(question.getByRole('button', { name: 'Continue' }));
  await expectDone(page, 90_000);
  expect((await adminClient('source').executions.get(id)).status).toBe('Stopped');
});

test('fix permissions: an event-based rule with deletions, then a delete on the source is replicated', async ({
  page,
  op,
}) => {
  test.setTimeout(240_000);
  const watch = await watched(page);
  // The rule becomes event-based with deletions behind the wizard's back: the robot lacks deletes.
  const policyUrl = `${harbors.source.url}/api/v2.0/replication/policies/${watch.rule.policyId}`;
  const policy = (await (
    await fetch(policyUrl, { headers: { authorization: adminAuth('source') } })
  ).json()) as Record<string, unknown>;
  const put = await fetch(policyUrl, {
    method: 'PUT',
    headers: { authorization: adminAuth('source'), 'content-type': 'application/json' },
    body: JSON.stringify({
      ...policy,
      deletion: true,
      trigger: { type: 'event_based', trigger_settings: { cron: '' } },
    }),
  });
  expect(put.ok, await put.text()).toBe(true);

  await openRepair(op, watch, 'Fix permissions');
  await startRepair(op);
  await expectDone(page);
  const access = (await storedRobot(watch)).permissions?.flatMap((p) => p.access ?? []) ?? [];
  expect(access).toEqual(
    expect.arrayContaining([
      { resource: 'repository', action: 'delete' },
      { resource: 'tag', action: 'delete' },
    ]),
  );

  const target = adminClient('target');
  await sim.pushArtifact('source', 'library/alpine', 'repair-v1');
  await expect.poll(() => tagsOf(target, PROJECT, 'alpine'), { timeout: 60_000 }).toContain('repair-v1');
  await sim.deleteArtifact('source', 'library/alpine', 'repair-v1');
  await expect.poll(() => tagsOf(target, PROJECT, 'alpine'), { timeout: 60_000 }).not.toContain('repair-v1');
});

test('stop watching the repaired setup', async ({ page, op }) => {
  const watch = await watched(page);
  await page.goto(`/replications/${watch.id}`);
  await op.click(page.getByRole('button', { name: 'Stop watching' }));
  await op.click(page.getByRole('dialog').getByRole('button', { name: 'Delete the watch robots' }));
  await expect(page).toHaveURL(/\/replications$/);
});
