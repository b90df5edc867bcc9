// Event-based with deletion: a push on the source starts an execution that copies the artifact, and a
// deletion on the source is replicated to the target.
import { expect, test } from '../support/operator-fixture.ts';
import { expectPushAndDeletionReplicated, walkToRule } from '../support/setup-walk.ts';
import { createRule, expectStep, fillRule, saveRule } from '../support/wizard.ts';

const PROJECT = 'events';

// The page shows executions Harbor starts by itself without a reload (idle polling, up to 15 s).
test('event-based: a pushed artifact arrives and its deletion is replicated', async ({ page, op }) => {
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

  await expectPushAndDeletionReplicated(page, PROJECT, 'sandbox/e2e-event');
  // The deletion task is listed with its operation.
  await expect(page.getByRole('table', { name: 'Tasks' })).toContainText('deletion');
});
