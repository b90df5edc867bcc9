// Finishing a scheduled rule without starting a copy now, and a clean-up that meets a non-empty
// project: the preview says so, the operator keeps it, and the page shows what is really left.
import { adminClient } from '../support/harbor-direct.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { createAndReplicate, finishSetup, walkToRule } from '../support/setup-walk.ts';
import { createRule, expectStep, fillRule, nextButton, saveRule } from '../support/wizard.ts';

test('a scheduled rule is finished without running now; Done says the verification is still to do', async ({
  page,
  op,
}) => {
  await walkToRule(op, { project: 'finish-later', endpoint: 'e2e-finish-later' });
  await fillRule(op, {
    name: 'nightly-later',
    nameFilter: 'library/alpine',
    namespace: 'finish-later',
    trigger: 'Scheduled',
    cron: '0 0 2 * * *',
  });
  await saveRule(op);
  await createRule(op);

  await expect(nextButton(page)).toBeDisabled();
  await op.click(page.getByRole('button', { name: 'Finish without running now' }));
  await expectStep(page, 'Done');
  const pending = page.getByRole('status').filter({ hasText: 'Not verified yet: the rule has not run' });
  await expect(pending).toContainText('Administration → Replications');
  await expect(pending).toContainText('nightly-later');

  // Nothing was copied: the rule has no execution on the source Harbor.
  const source = adminClient('source');
  const policy = (await source.policies.list({ name: 'nightly-later' })).items.find(
    (p) => p.name === 'nightly-later',
  );
  expect(policy?.id).toBeDefined();
  expect((await source.executions.list({ policyId: policy!.id! })).total).toBe(0);
});

test('clean-up with a non-empty project: the preview says it, the project is kept, the page shows the true state', async ({
  page,
  op,
}) => {
  const project = 'cleanup-keep';
  await walkToRule(op, { project, endpoint: 'e2e-cleanup-keep' });
  await fillRule(op, { name: 'cleanup-keep', nameFilter: 'library/{nginx,redis}', namespace: project });
  await createAndReplicate(op);
  await finishSetup(op);

  await op.click(page.getByRole('button', { name: 'Preview clean-up' }));
  const plan = page.getByRole('table', { name: 'Clean-up plan' });
  await expect(plan.getByText('Will delete', { exact: true })).toHaveCount(3);
  await expect(plan.getByRole('row').filter({ hasText: `project “${project}”` })).toContainText(
    `holds 2 repositories`,
  );
  await expect(plan.getByRole('row').filter({ hasText: `project “${project}”` })).toContainText('Will keep');
  await expect(
    page.getByRole('checkbox', { name: `Keep the project “${project}” (it holds 2 repositories)` }),
  ).toBeChecked();

  await op.check(page.getByRole('checkbox', { name: /I understand these 3 objects/ }));
  await op.click(page.getByRole('button', { name: 'Delete created objects' }));

  const result = page.getByRole('table', { name: 'Clean-up result' });
  await expect(result.getByText('Deleted', { exact: true })).toHaveCount(3);
  await expect(result.getByRole('row').filter({ hasText: `project “${project}”` })).toContainText('Kept');
  await expect(
    page.getByRole('status').filter({ hasText: 'Everything this setup created is deleted' }),
  ).toBeVisible();
  await expect(page.getByText('Replication is set up')).toHaveCount(0);
  const history = page.getByRole('table', { name: 'History of setups' });
  await expect(history.getByRole('row').filter({ hasText: 'cleanup-keep' })).toContainText('Cleaned up');

  // On the Harbors: the rule is gone, the project and its replicated repositories are still there.
  const source = adminClient('source');
  expect(
    (await source.policies.list({ name: 'cleanup-keep' })).items.some((p) => p.name === 'cleanup-keep'),
  ).toBe(false);
  const target = adminClient('target');
  expect((await target.repositories.list(project)).total).toBe(2);

  // A reload shows the same state, recorded by the server.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Clean-up result' })).toBeVisible();
  await expect(page.getByText(/^Cleaned up: what this setup created is deleted/)).toBeVisible();
});
