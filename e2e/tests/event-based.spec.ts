// Event-based with deletion: a push on the source starts an execution that copies the artifact, and a
// deletion on the source is replicated to the target.
import { expect, test } from '@playwright/test';

import { adminClient, sim, tagsOf } from '../support/harbor-direct.ts';
import { Operator } from '../support/interactions.ts';
import {
  confirmHandOff,
  connectDemo,
  createEndpoint,
  createProject,
  createRobot,
  createRule,
  expectStep,
  fillRule,
  saveRule,
  start,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'events';

// The page shows executions Harbor starts by itself without a reload (idle polling, up to 15 s).
test('event-based: a pushed artifact arrives and its deletion is replicated', async ({ page }) => {
  const op = new Operator(page);
  const target = adminClient('target');

  await start(op, 'push');
  await connectDemo(op, 'target');
  await createProject(op, PROJECT);
  await createRobot(op, { deletion: true });
  await confirmHandOff(op);
  await connectDemo(op, 'source');
  await createEndpoint(op, 'e2e-events');
  await testConnection(op);
  await fillRule(op, {
    name: 'on-push',
    nameFilter: 'sandbox/e2e-*',
    namespace: PROJECT,
    trigger: 'Event Based',
    deletion: true,
  });
  await saveRule(op);
  await expect(page.getByRole('region', { name: 'source Harbor' })).toContainText(
    'Delete remote resources when locally deleted',
  );
  await createRule(op);
  await expectStep(page, 'Run and watch');

  const executions = page.getByRole('table', { name: 'Executions' });
  await sim.pushArtifact('source', 'sandbox/e2e-event', 'v1');
  // The page shows the execution the push started, and it succeeds.
  await expect(executions.getByRole('row').filter({ hasText: 'Event Based' }).first()).toContainText(
    'Succeed',
    {
      timeout: 60_000,
    },
  );
  await expect.poll(() => tagsOf(target, PROJECT, 'e2e-event'), { timeout: 30_000 }).toEqual(['v1']);

  await sim.deleteArtifact('source', 'sandbox/e2e-event', 'v1');
  await expect(executions.getByRole('row').filter({ hasText: 'Event Based' })).toHaveCount(2, {
    timeout: 60_000,
  });
  await expect(executions.getByRole('row').filter({ hasText: 'Event Based' }).first()).toContainText(
    'Succeed',
    {
      timeout: 60_000,
    },
  );
  await expect.poll(() => tagsOf(target, PROJECT, 'e2e-event'), { timeout: 30_000 }).toEqual([]);
  // The deletion task is listed with its operation.
  await expect(page.getByRole('table', { name: 'Tasks' })).toContainText('deletion');
});
