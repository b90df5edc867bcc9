// The robot after the fact: deletion permissions added in place when the rule asks for them (issue 13,
// item 3), and a second tab's write making the first tab's stale (item 4).
import { expect, test } from '../support/operator-fixture.ts';
import { expectPushAndDeletionReplicated, startWithProject, walkToRule } from '../support/setup-walk.ts';
import { createRule, expectStep, fillRule, saveRule } from '../support/wizard.ts';

test('event-based with deletions: the robot gets the permissions in place and a deletion replicates', async ({
  page,
  op,
}) => {
  const project = 'perms';
  await walkToRule(op, { project, endpoint: 'e2e-perms' });
  await fillRule(op, {
    name: 'perms-on-push',
    nameFilter: 'sandbox/e2e-perms*',
    namespace: project,
    trigger: 'Event based',
    deletion: true,
  });
  const cannotDelete = page.getByRole('note').filter({ hasText: 'The robot account cannot delete' });
  await expect(cannotDelete).toBeVisible();
  await op.click(cannotDelete.getByRole('button', { name: 'Go to the robot step' }));
  await expectStep(page, 'Robot account');

  await op.click(
    page.getByRole('button', { name: `Add the deletion permissions to robot$${project}+replicator` }),
  );
  await expect(page.getByText('Deletion permissions added')).toBeVisible();
  await op.click(page.getByRole('button', { name: 'Back to the rule' }));
  await expectStep(page, 'Replication rule');
  await expect(
    page.getByRole('checkbox', { name: 'Delete remote resources when locally deleted' }),
  ).toBeChecked();
  await expect(cannotDelete).toHaveCount(0);
  await saveRule(op);
  await createRule(op);

  // Same secret: the endpoint still logs in, and the rule replicates a push and then its deletion.
  await expectPushAndDeletionReplicated(page, project, 'sandbox/e2e-perms');
});

test('two tabs: after the second one writes, the first one is told to reload', async ({
  page,
  op,
  context,
}) => {
  await startWithProject(op, 'tabs');
  await expectStep(page, 'Robot account');

  const second = await context.newPage();
  await second.goto(page.url());
  await expectStep(second, 'Robot account');
  await second.getByRole('button', { name: 'Create robot account' }).click();
  await expectStep(second, 'Credentials');

  // The first tab still shows the robot step as it was before the other tab created the robot.
  await op.click(page.getByRole('button', { name: 'Create robot account' }));
  const stale = page.getByRole('alert').filter({ hasText: 'This setup changed in another tab' });
  await expect(stale).toContainText('reload to see the current state');
  await op.click(stale.getByRole('button', { name: 'Reload' }));
  // After the reload the page shows the robot the other tab created.
  await expect(stale).toHaveCount(0);
  await expect(
    page
      .getByText('A robot account already exists in this setup')
      .or(page.getByRole('heading', { name: 'Credentials' })),
  ).toBeVisible();
  await second.close();
});
