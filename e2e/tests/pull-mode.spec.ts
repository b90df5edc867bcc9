// Pull mode: the robot on the source, endpoint and rule on the target, which pulls the images.
import { expect, test } from '@playwright/test';

import { adminClient, tagsOf } from '../support/harbor-direct.ts';
import { Operator } from '../support/interactions.ts';
import {
  confirmHandOff,
  connectDemo,
  createEndpoint,
  createProject,
  createRobot,
  createRule,
  expectChosen,
  expectStep,
  fillRule,
  nextButton,
  replicateNow,
  saveRule,
  start,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'mirror';

// Blocked: in pull mode the robot (step 3) lives on the source, but the UI reaches "Connect source" only
// at step 5, so the robot step fails with "Connect the source Harbor first" (shown as a name conflict).
test.fixme('pull: the target pulls library/nginx and library/redis from the source', async ({ page }) => {
  const op = new Operator(page);
  const source = adminClient('source');
  const target = adminClient('target');

  await start(op, 'pull');
  await connectDemo(op, 'target');
  await createProject(op, PROJECT, 'library');
  await expectStep(page, 'Robot account');
  // The robot reads the source project; the rule's Harbor is the target.
  await expect(page.getByText('Full name on Harbor:')).toContainText('robot$library+replicator');
  await createRobot(op);
  await confirmHandOff(op);
  await connectDemo(op, 'source');
  await expect(page.getByText(/on target Harbor/).first()).toBeVisible();
  await createEndpoint(op, 'e2e-pull');
  await testConnection(op);
  await fillRule(op, { name: 'pull-library', nameFilter: 'library/{nginx,redis}', namespace: PROJECT });
  await expectChosen(page, 'Trigger Mode', 'Manual');
  await saveRule(op);
  await createRule(op);
  await replicateNow(op);

  const verification = page.getByRole('region', { name: 'Verification on the target' });
  await expect(verification.getByRole('status')).toContainText('Verified on the target');
  await op.click(nextButton(page));
  await expectStep(page, 'Done');

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
