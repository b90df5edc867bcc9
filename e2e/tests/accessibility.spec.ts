// Accessibility: axe finds no serious or critical violation on any step, and the push path can be
// completed with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { press, tabTo, typeInto } from '../support/keyboard.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { createAndReplicate, finishSetup, walkToRule } from '../support/setup-walk.ts';
import {
  START_PATH,
  expectExecution,
  expectStep,
  fillRule,
  nextButton,
  stepHeading,
} from '../support/wizard.ts';

/** Soft, so one run lists the violations of every step. */
async function expectNoSeriousViolations(page: Page, step: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(serious, `axe on "${step}"`).toEqual([]);
}

test('axe on every step of the push path finds no serious or critical violation', async ({ page, op }) => {
  const check = async (title: string) => {
    await expectStep(page, title);
    await expectNoSeriousViolations(page, title);
  };
  await page.goto(START_PATH);
  await check('Start');
  await walkToRule(op, { project: 'axe', endpoint: 'e2e-axe', onStep: check });
  await fillRule(op, { nameFilter: 'library/alpine' });
  await expect(page.getByRole('table', { name: 'Matched repositories' })).toContainText('axe/alpine');
  await check('Replication rule');
  await createAndReplicate(op, check);
  await expect(page.getByRole('region', { name: 'Verification on the target' })).toBeVisible();
  await check('Run and watch');
  await finishSetup(op);
  await check('Done');
});

test('keyboard only through the push path, from start to done', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(START_PATH);
  await expectStep(page, 'Start');
  await press(page, page.getByRole('button', { name: 'Start setup' }));

  await expectStep(page, 'Connect target');
  await press(page, page.getByRole('button', { name: 'Use demo target' }));
  await expect(nextButton(page)).toBeEnabled();
  await press(page, nextButton(page));

  await expectStep(page, 'Target project');
  await typeInto(page, page.getByRole('combobox', { name: 'Project name' }), 'keyboard');
  await page.keyboard.press('Escape');
  await expect(page.getByText('This project does not exist yet')).toBeVisible();
  await expect(nextButton(page)).toBeEnabled();
  await press(page, nextButton(page));

  await expectStep(page, 'Robot account');
  await press(page, page.getByRole('button', { name: 'Create robot account' }));

  await expectStep(page, 'Credentials');
  await press(page, nextButton(page));

  await expectStep(page, 'Connect source');
  await press(page, page.getByRole('button', { name: 'Use demo source' }));
  await expect(nextButton(page)).toBeEnabled();
  await press(page, nextButton(page));

  await expectStep(page, 'Endpoint');
  await typeInto(page, page.getByRole('textbox', { name: 'Name', exact: true }), 'e2e-keyboard');
  await press(page, page.getByRole('button', { name: 'Create endpoint' }));

  await expectStep(page, 'Test connection');
  await press(page, page.getByRole('main').getByRole('button', { name: 'Test connection' }));
  await expect(page.getByRole('status').filter({ hasText: 'Connection tested successfully' })).toBeVisible();
  await press(page, nextButton(page));

  await expectStep(page, 'Replication rule');
  await typeInto(page, page.getByRole('textbox', { name: 'Name filter' }), 'library/alpine');
  await expect(page.getByRole('table', { name: 'Matched repositories' })).toContainText('keyboard/alpine');
  await press(page, nextButton(page));

  await expectStep(page, 'Review');
  await press(page, page.getByRole('button', { name: 'Create rule' }));

  await expectStep(page, 'Run and watch');
  await press(page, page.getByRole('button', { name: 'Replicate now' }));
  await expectExecution(page, 'Succeeded');
  await expect(page.getByRole('region', { name: 'Verification on the target' })).toBeVisible();
  await press(page, nextButton(page));

  await expectStep(page, 'Done');
  await expect(stepHeading(page, 'Done')).toBeVisible();
});

// The red validation messages of the connect form (and their inputs' red text), shown once "Connect" is
// pressed with empty fields, are where contrast failed before.
test('axe on the start page in pull mode and on the error states of the connect step', async ({ page }) => {
  await page.goto(START_PATH);
  await expectStep(page, 'Start');
  await tabTo(page, page.getByRole('radio', { name: 'Push-based' }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Pull-based' })).toBeChecked();
  await expectNoSeriousViolations(page, 'Start (pull)');
  await press(page, page.getByRole('button', { name: 'Start setup' }));
  await expectStep(page, 'Connect target');
  const form = page.getByRole('form', { name: 'Log in to the target Harbor' });
  await press(page, form.getByRole('button', { name: 'Connect' }));
  await expect(form.getByRole('textbox', { name: 'Harbor URL' })).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousViolations(page, 'Connect target (validation errors)');
});
