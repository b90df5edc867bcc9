// Faults: Harbor failing mid-step, the wizard server restarting mid-wizard, and a replication that
// fails because the robot lost its push permission.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { adminClient, dropRobotPermission, sim } from '../support/harbor-direct.ts';
import { e2e, harbors } from '../support/harbors.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { startWithProject, walkToRule } from '../support/setup-walk.ts';
import { startWizardServer } from '../support/wizard-server.ts';
import type { WizardServer } from '../support/wizard-server.ts';
import {
  connectWith,
  createProject,
  createRobot,
  createRule,
  expectStep,
  fillRule,
  nextButton,
  replicateNow,
  saveRule,
} from '../support/wizard.ts';

async function robotsIn(project: string): Promise<{ id: number; name: string }[]> {
  const target = adminClient('target');
  const { project_id: projectId = -1 } = await target.projects.get(project);
  const robots = await target.robots.listByProject(projectId);
  return robots.items.map((r) => ({ id: r.id ?? -1, name: r.name ?? '' }));
}

test.afterEach(async () => {
  await sim.resetFaults('target');
});

test('the target answers 503 while the robot is created: retrying creates exactly one robot', async ({
  page,
  op,
}) => {
  await startWithProject(op, 'fault-robot');
  await expectStep(page, 'Robot account');
  await sim.fault('target', { method: 'POST', path: '/api/v2.0/robots', status: 503, times: 1 });

  await op.click(page.getByRole('button', { name: 'Create robot account' }));
  await expect(
    page.getByRole('alert').filter({ hasText: 'Could not create the robot account' }),
  ).toBeVisible();
  await expectStep(page, 'Robot account');

  await op.click(page.getByRole('button', { name: 'Create robot account' }));
  await expectStep(page, 'Credentials');
  expect(await robotsIn('fault-robot')).toEqual([
    expect.objectContaining({ name: 'robot$fault-robot+replicator' }),
  ]);
});

test.describe('server restart', () => {
  let server: WizardServer | undefined;
  let dataDir: string | undefined;
  test.afterEach(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the page resumes at the same step with nothing lost', async ({ page, op }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'hw-e2e-restart-'));
    const webRoot = join(process.env.E2E_DATA_DIR ?? '', 'web');
    server = await startWizardServer(e2e.restartPort, dataDir, webRoot);
    await page.goto(`${server.url}/`);
    await expectStep(page, 'Start');
    await op.click(page.getByRole('button', { name: 'Start setup' }));
    await connectWith(op, 'target', { url: harbors.target.url, ...harbors.target.admin });
    await expect(nextButton(page)).toBeEnabled();
    await op.click(nextButton(page));
    await createProject(op, 'fault-restart');
    await expectStep(page, 'Robot account');
    const stepUrl = page.url();

    await server.stop();
    server = await startWizardServer(e2e.restartPort, dataDir, webRoot);
    await page.reload();

    // Same step, same URL, same choices; the admin password survived in the server's vault.
    await expectStep(page, 'Robot account');
    expect(page.url()).toBe(stepUrl);
    await expect(page.getByText('A project robot account in “fault-restart”')).toBeVisible();
    await op.fill(page.getByRole('textbox', { name: 'Robot name' }), 'after-restart');
    await createRobot(op);
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(
      'robot$fault-restart+after-restart',
    );
  });
});

test('a robot without push: the execution fails and the failing task shows its log', async ({ page, op }) => {
  await walkToRule(op, { project: 'fault-no-push', endpoint: 'e2e-no-push' });
  await fillRule(op, { name: 'no-push', nameFilter: 'library/alpine', namespace: 'fault-no-push' });
  await saveRule(op);
  await createRule(op);

  // Someone takes the push permission away from the robot after the setup was tested.
  const [robot] = await robotsIn('fault-no-push');
  await dropRobotPermission('target', robot?.id ?? -1, 'push');

  await replicateNow(op, 'Failed');
  const tasks = page.getByRole('table', { name: 'Tasks' });
  const failedTask = tasks.getByRole('row').filter({ hasText: 'Failed' }).first();
  await expect(failedTask).toBeVisible();
  await failedTask.getByRole('button', { name: /^Show log of task \d+$/ }).click();
  const log = page.getByLabel(/^Log of task \d+$/);
  await expect(log).toBeVisible();
  await expect(log).toContainText(/denied|forbidden|unauthori[sz]ed|403|permission/i);
  await expect(nextButton(page)).toBeDisabled();
});
