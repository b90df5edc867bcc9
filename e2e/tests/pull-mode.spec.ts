// Pull mode: the robot on the source, endpoint and rule on the target, which pulls the images.
import { adminClient, tagsOf } from '../support/harbor-direct.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { createAndReplicate, expectVerified, finishSetup } from '../support/setup-walk.ts';
import {
  confirmHandOff,
  connectDemo,
  createEndpoint,
  createRobot,
  expectChosen,
  expectStep,
  fillRule,
  nextButton,
  start,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'mirror';

// Every step of the pull path, for reviewers (e2e/screenshots/pull/).
test.use({ screenshots: true, screenshotSet: 'pull' });

test('pull: the target pulls library/nginx and library/redis from the source', async ({ page, op }) => {
  const source = adminClient('source');
  const target = adminClient('target');

  await start(op, 'pull');
  await connectDemo(op, 'target');
  // The robot lives on the source, so the project step connects the source first.
  await expectStep(page, 'Target project');
  await op.fill(page.getByRole('combobox', { name: 'Project name' }), PROJECT);
  const connectSource = page.getByRole('region', { name: 'Connect the source Harbor now' });
  await op.click(connectSource.getByRole('button', { name: 'Use demo source' }));
  await op.fill(page.getByRole('combobox', { name: 'Source project' }), 'library');
  await expect(page.getByText('This project does not exist yet')).toBeVisible();
  await op.screenshot('project');
  await expect(nextButton(page)).toBeEnabled();
  await op.click(nextButton(page));
  await expectStep(page, 'Robot account');
  // The robot reads the source project; the rule's Harbor is the target.
  await expect(page.getByText('Full name on Harbor:')).toContainText('robot$library+replicator');
  await createRobot(op);
  await op.screenshot('credentials');
  await confirmHandOff(op);
  // Step 5 was done on the project step, so Next leads past it to the first step still open.
  await expectStep(page, 'Endpoint');
  await expect(page.getByText(/on target Harbor/).first()).toBeVisible();
  await createEndpoint(op, 'e2e-pull');
  await testConnection(op);
  await fillRule(op, { name: 'pull-library', nameFilter: 'library/{nginx,redis}', namespace: PROJECT });
  await expectChosen(page, 'Trigger Mode', 'Manual');
  await expect(page.getByText('Updating preview…')).toBeHidden();
  await op.screenshot('rule');
  await createAndReplicate(op);
  await expectVerified(page);
  await op.screenshot('run');
  await finishSetup(op);
  await op.screenshot('done');

  // The rule lives on the target and every tag arrived there.
  const policies = await target.policies.list({ name: 'pull-library' });
  expect(policies.items.map((p) => p.name)).toEqual(['pull-library']);
  expect(await source.policies.list({ name: 'pull-library' })).toMatchObject({ items: [] });
  for (const repo of ['nginx', 'redis']) {
    const expected = await tagsOf(source, 'library', repo);
    expect(expected.length).toBeGreaterThan(0);
    expect(await tagsOf(target, PROJECT, repo)).toEqual(expected);
  }
});
