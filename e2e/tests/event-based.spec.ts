// Event-based with deletion: a push on the source starts an execution that copies the artifact, and a
// deletion on the source is replicated to the target.
import { adminClient, sim, tagsOf } from '../support/harbor-direct.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { walkToRule } from '../support/setup-walk.ts';
import { createRule, expectStep, fillRule, saveRule } from '../support/wizard.ts';

const PROJECT = 'events';

// The page shows executions Harbor starts by itself without a reload (idle polling, up to 15 s).
test('event-based: a pushed artifact arrives and its deletion is replicated', async ({ page, op }) => {
  const target = adminClient('target');

  await walkToRule(op, { project: PROJECT, deletion: true, endpoint: 'e2e-events' });
  await fillRule(op, {
    name: 'on-push',
    nameFilter: 'sandbox/e2e-*',
    namespace: PROJECT,
    trigger: 'Event based',
    deletion: true,
  });
  await saveRule(op);
  await expect(page.getByRole('region', { name: 'source Harbor' })).toContainText(
    'Delete remote resources when locally deleted',
  );
  await createRule(op);
  await expectStep(page, 'Run and watch');

  const eventRuns = page
    .getByRole('table', { name: 'Executions' })
    .getByRole('row')
    .filter({ hasText: 'Event based' });
  await sim.pushArtifact('source', 'sandbox/e2e-event', 'v1');
  // The page shows the execution the push started, and it succeeds.
  await expect(eventRuns.first()).toContainText('Succeeded', { timeout: 60_000 });
  await expect.poll(() => tagsOf(target, PROJECT, 'e2e-event'), { timeout: 30_000 }).toEqual(['v1']);

  await sim.deleteArtifact('source', 'sandbox/e2e-event', 'v1');
  await expect(eventRuns).toHaveCount(2, { timeout: 60_000 });
  await expect(eventRuns.first()).toContainText('Succeeded', { timeout: 60_000 });
  await expect.poll(() => tagsOf(target, PROJECT, 'e2e-event'), { timeout: 30_000 }).toEqual([]);
  // The deletion task is listed with its operation.
  await expect(page.getByRole('table', { name: 'Tasks' })).toContainText('deletion');
});
