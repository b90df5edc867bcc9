// The wizard's steps as an operator does them, shared by the scenarios. Every locator is a role or a
// label the operator sees.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

import type { Operator } from './interactions.ts';

export type Mode = 'push' | 'pull';

export function stepHeading(page: Page, title: string) {
  return page.getByRole('heading', { level: 2, name: title });
}

export async function expectStep(page: Page, title: string): Promise<void> {
  await expect(stepHeading(page, title)).toBeVisible();
}

export function nextButton(page: Page, name = 'Next') {
  return page.getByRole('button', { name, exact: true });
}

/**
 * The start page's own address: "/" is the Replications page once anything is watched, and watches
 * are server-wide (the watch scenario's outlive it on the suite's shared server).
 */
export const START_PATH = '/start';

export async function start(op: Operator, mode: Mode): Promise<void> {
  const { page } = op;
  await page.goto(START_PATH);
  await expectStep(page, 'Start');
  if (mode === 'pull') await op.check(page.getByRole('radio', { name: 'Pull-based' }));
  await op.screenshot('start');
  await op.click(page.getByRole('button', { name: 'Start setup' }));
  await expectStep(page, 'Connect target');
}

/** Steps 1 and 5 with the demo Harbor (its credentials stay on the server). */
export async function connectDemo(op: Operator, side: 'target' | 'source'): Promise<void> {
  const { page } = op;
  await expectStep(page, side === 'target' ? 'Connect target' : 'Connect source');
  await op.click(page.getByRole('button', { name: `Use demo ${side}` }));
  await expect(nextButton(page)).toBeEnabled();
  await op.screenshot(`connect-${side}`);
  await op.click(nextButton(page));
}

export async function connectWith(
  op: Operator,
  side: 'target' | 'source',
  login: { url: string; username: string; password: string },
): Promise<void> {
  const { page } = op;
  const form = page.getByRole('form', { name: `Log in to the ${side} Harbor` });
  await op.fill(form.getByRole('textbox', { name: 'Harbor URL' }), login.url);
  await op.fill(form.getByRole('textbox', { name: 'Username' }), login.username);
  await op.fill(form.getByRole('textbox', { name: 'Password', exact: true }), login.password);
  await op.click(form.getByRole('button', { name: /^Connect/ }));
}

export async function createProject(op: Operator, name: string, sourceProject?: string): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Target project');
  await op.fill(page.getByRole('combobox', { name: 'Project name' }), name);
  if (sourceProject !== undefined)
    await op.fill(page.getByRole('combobox', { name: 'Source project' }), sourceProject);
  await expect(page.getByText(/does not exist yet|exists on the target Harbor/)).toBeVisible();
  await expect(nextButton(page)).toBeEnabled();
  await op.screenshot('project');
  await op.click(nextButton(page));
}

export async function createRobot(op: Operator, options: { deletion?: boolean } = {}): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Robot account');
  await expect(page.getByRole('radio', { name: 'Never' })).toBeChecked();
  if (options.deletion) await op.check(page.getByRole('checkbox', { name: 'Allow replicating deletions' }));
  await op.screenshot('robot');
  await op.click(page.getByRole('button', { name: 'Create robot account' }));
  await expectStep(page, 'Credentials');
}

/** The one-time secret the credentials step shows. */
export async function readRobotSecret(page: Page): Promise<string> {
  const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
  expect(secret.length).toBeGreaterThanOrEqual(8);
  return secret;
}

/** The hand-off without keeping a copy: Next alone, as the wizard already holds the secret. */
export async function confirmHandOff(op: Operator): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Credentials');
  await op.click(nextButton(page));
}

/** `name`: the specs share the demo Harbors, so all but the push path name their endpoint. */
export async function createEndpoint(op: Operator, name?: string): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Endpoint');
  if (name !== undefined) await op.fill(page.getByRole('textbox', { name: 'Name', exact: true }), name);
  await expect(page.getByRole('textbox', { name: 'Access Secret' })).toHaveValue('Provided by the wizard');
  await op.screenshot('endpoint');
  await op.click(page.getByRole('button', { name: /^(Create|Use) endpoint$/ }));
}

export async function testConnection(op: Operator): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Test connection');
  await op.click(page.getByRole('main').getByRole('button', { name: 'Test connection' }));
  await expect(page.getByRole('status').filter({ hasText: 'Connection tested successfully' })).toBeVisible();
  await op.screenshot('connection-test');
  await op.click(nextButton(page));
}

export type RuleInput = {
  name?: string;
  nameFilter?: string;
  tagFilter?: string;
  namespace?: string;
  trigger?: 'Manual' | 'Scheduled' | 'Event based';
  cron?: string;
  deletion?: boolean;
};

/** A select field: a native <select> is one choice, a Mantine Select is opened then picked (two clicks). */
export async function choose(op: Operator, label: string, option: string): Promise<void> {
  const field = op.page.getByRole('combobox', { name: label, exact: true });
  if (await isNativeSelect(field)) {
    await field.selectOption({ label: option });
    op.clicks += 1;
    return;
  }
  await op.click(field);
  await op.click(op.page.getByRole('option', { name: option, exact: true }).filter({ visible: true }));
}

async function isNativeSelect(field: Locator): Promise<boolean> {
  // A native <select> holds its <option> elements; Mantine's input has none.
  return (await field.locator('option').count()) > 0;
}

/** The option a select field shows, whichever kind of select it is. */
export async function expectChosen(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByRole('combobox', { name: label, exact: true });
  if (await isNativeSelect(field)) await expect(field.locator('option:checked')).toHaveText(option);
  else await expect(field).toHaveValue(option);
}

export async function fillRule(op: Operator, rule: RuleInput): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Replication rule');
  if (rule.name !== undefined)
    await op.fill(page.getByRole('textbox', { name: 'Name', exact: true }), rule.name);
  if (rule.nameFilter !== undefined)
    await op.fill(page.getByRole('textbox', { name: 'Name filter' }), rule.nameFilter);
  if (rule.tagFilter !== undefined)
    await op.fill(page.getByRole('textbox', { name: 'Tag filter', exact: true }), rule.tagFilter);
  if (rule.namespace !== undefined)
    await op.fill(page.getByRole('textbox', { name: 'Destination namespace' }), rule.namespace);
  if (rule.trigger && rule.trigger !== 'Manual') await choose(op, 'Trigger Mode', rule.trigger);
  if (rule.cron !== undefined) await op.fill(page.getByRole('textbox', { name: 'Cron String' }), rule.cron);
  if (rule.deletion)
    await op.check(page.getByRole('checkbox', { name: 'Delete remote resources when locally deleted' }));
}

export async function saveRule(op: Operator): Promise<void> {
  await expect(nextButton(op.page)).toBeEnabled();
  await op.click(nextButton(op.page));
  await expectStep(op.page, 'Review');
}

export async function createRule(op: Operator): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Review');
  await expect(page.getByRole('region', { name: 'source Harbor' })).toBeVisible();
  await op.screenshot('review');
  await op.click(page.getByRole('button', { name: /^(Create|Update) rule$/ }));
  await expectStep(page, 'Run and watch');
}

/** "Replicate now" and wait until the execution has the expected final status. */
export async function replicateNow(op: Operator, expected = 'Succeeded'): Promise<void> {
  const { page } = op;
  await expectStep(page, 'Run and watch');
  await op.click(page.getByRole('button', { name: 'Replicate now' }));
  await expectExecution(page, expected);
}

/** An execution with this final status is listed (a replication takes up to a minute). */
export async function expectExecution(page: Page, status: string): Promise<void> {
  await expect(
    page.getByRole('table', { name: 'Executions' }).getByText(status, { exact: true }),
  ).toBeVisible({
    timeout: 60_000,
  });
}
