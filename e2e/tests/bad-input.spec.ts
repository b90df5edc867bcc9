// Bad input: each mistake an operator can make ends in a message that names it.
import type { Page } from '@playwright/test';

import { e2e, harbors } from '../support/harbors.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { startWithProject, walkToConnectSource, walkToRule } from '../support/setup-walk.ts';
import {
  choose,
  connectDemo,
  connectWith,
  createProject,
  createRobot,
  expectStep,
  fillRule,
  nextButton,
  start,
  START_PATH,
} from '../support/wizard.ts';

const targetAdmin = { url: harbors.target.url, ...harbors.target.admin };

function connectError(page: Page, side: 'target' | 'source') {
  return page.getByRole('alert').filter({ hasText: `Could not connect to the ${side} Harbor` });
}

test.describe('connecting', () => {
  test('wrong password, unreachable URL, not a Harbor, TLS failure', async ({ page, op }) => {
    await start(op, 'push');

    await connectWith(op, 'target', { ...targetAdmin, password: 'not-the-password' });
    await expect(connectError(page, 'target')).toContainText(
      'The target Harbor did not accept this user name and password.',
    );

    await connectWith(op, 'target', { ...targetAdmin, url: 'http://127.0.0.1:1' });
    await expect(connectError(page, 'target')).toContainText(
      /target Harbor could not be reached|Nothing answered at the address of the target Harbor/,
    );

    await connectWith(op, 'target', { ...targetAdmin, url: e2e.baseUrl });
    await expect(connectError(page, 'target')).toContainText(/not a Harbor|No Harbor 2\.x API answers/);

    await connectWith(op, 'target', { ...targetAdmin, url: harbors.selfSigned.url });
    await expect(connectError(page, 'target')).toContainText(
      'The TLS certificate of the target Harbor was not accepted',
    );
    await expect(connectError(page, 'target')).toContainText('self-signed');

    await expect(nextButton(page)).toBeDisabled();
  });

  test('a non-admin on the source is refused at the connect step', async ({ page, op }) => {
    await walkToConnectSource(op, { project: 'bad-input-admin' });
    await expectStep(page, 'Connect source');
    await connectWith(op, 'source', { url: harbors.source.url, ...harbors.source.user });
    await expect(connectError(page, 'source')).toContainText(
      '"developer" is not a system administrator of the source Harbor.',
    );
    await expect(nextButton(page)).toBeDisabled();
  });
});

test('invalid project and robot names, duplicate robot with reuse offered', async ({ page, op }) => {
  await start(op, 'push');
  await connectDemo(op, 'target');
  await expectStep(page, 'Target project');
  await op.fill(page.getByRole('combobox', { name: 'Project name' }), 'Bad Project!');
  await expect(
    page.getByText('project name is not in lower case or contains illegal characters').first(),
  ).toBeVisible();
  await expect(nextButton(page)).toBeDisabled();
  await createProject(op, 'bad-input-names');

  await expectStep(page, 'Robot account');
  const robotName = page.getByRole('textbox', { name: 'Robot name' });
  await op.fill(robotName, 'Robot Name');
  await expect(
    page.getByText('robot name is not in lower case or contains illegal characters').first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create robot account' })).toBeDisabled();

  // A robot with this name already exists in the project (created by another setup a moment ago).
  await op.fill(robotName, 'replicator');
  await createRobot(op);
  await page.goto(START_PATH);
  await startWithProject(op, 'bad-input-names');
  await expectStep(page, 'Robot account');
  await expect(page.getByText('Robot Account already exists.')).toBeVisible();
  await op.click(page.getByRole('button', { name: 'Create robot account' }));
  const conflict = page
    .getByRole('alert')
    .filter({ hasText: 'A robot account with this name already exists' });
  await expect(conflict.getByRole('button', { name: 'Reuse it with a new secret' })).toBeVisible();
  await op.click(conflict.getByRole('button', { name: 'Reuse it with a new secret' }));
  await expectStep(page, 'Credentials');
});

test('cron strings Harbor refuses, a five-field cron, and flattening deeper than a path', async ({
  page,
  op,
}) => {
  await walkToRule(op, { project: 'bad-input-rule', endpoint: 'e2e-bad-input' });

  await fillRule(op, { name: 'bad-rule', trigger: 'Scheduled' });
  const cron = page.getByRole('textbox', { name: 'Cron String' });
  await op.fill(cron, '0 * * * * *');
  await expect(cron).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page
      .getByText('* is not allowed for the Minutes field of the cron setting of replication policy')
      .first(),
  ).toBeVisible();
  await expect(nextButton(page)).toBeDisabled();
  await op.fill(cron, '30 0 2 * * *');
  await expect(
    page.getByText('the 1st field (indicating Seconds of time) of the cron setting must be 0').first(),
  ).toBeVisible();
  await expect(nextButton(page)).toBeDisabled();
  // A classic five-field cron is not refused: Harbor gets the seconds field added, and the page says so.
  await op.fill(cron, '0 2 * * *');
  await expect(page.getByRole('status').filter({ hasText: 'Harbor will get' })).toContainText('0 0 2 * * *');

  // library/** has two-level paths; flattening three levels cannot name them on the target.
  await op.fill(page.getByRole('textbox', { name: 'Name filter' }), 'library/**');
  await choose(op, 'Flattening', 'Flatten 3 Levels');
  await expect(
    page.getByRole('alert').filter({ hasText: 'This rule would not replicate cleanly' }),
  ).toContainText('Some repositories cannot be named on the target');
  await expect(
    page
      .getByRole('table', { name: 'Matched repositories' })
      .getByText(/^error:/)
      .first(),
  ).toBeVisible();
});
