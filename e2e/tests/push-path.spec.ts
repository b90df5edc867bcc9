// The document's push path, end to end in the browser against the demo Harbors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createHarborClient } from '@hw/harbor-client';

import { harbors } from '../support/harbors.ts';
import { screenshotDir } from '../support/interactions.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { expectVerified, finishSetup, startWithProject } from '../support/setup-walk.ts';
import {
  connectDemo,
  createEndpoint,
  createRobot,
  createRule,
  expectChosen,
  expectStep,
  fillRule,
  nextButton,
  readRobotSecret,
  replicateNow,
  saveRule,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'dr-push';
const ROBOT = `robot$${PROJECT}+replicator`;

/** The source's team/app/* repositories and their v* tags, as they should land (flattened by one level). */
async function expectedReplicas(): Promise<Record<string, string[]>> {
  const source = createHarborClient({ baseUrl: harbors.source.url, ...harbors.source.admin });
  const repos = await source.repositories.list('team', { pageSize: 100 });
  const result: Record<string, string[]> = {};
  for (const { name = '' } of repos.items) {
    if (!name.startsWith('team/app/')) continue;
    const artifacts = await source.artifacts.list('team', name.slice('team/'.length), {
      withTag: true,
      pageSize: 100,
    });
    const tags = artifacts.items
      .flatMap((a) => (a.tags ?? []).map((t) => t.name ?? ''))
      .filter((t) => t.startsWith('v'));
    result[name.slice('team/'.length)] = tags.sort();
  }
  expect(Object.keys(result).length).toBeGreaterThan(1);
  return result;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true, screenshots: true });

test('push: the document path from connecting the target to a verified replication', async ({ page, op }) => {
  const target = createHarborClient({ baseUrl: harbors.target.url, ...harbors.target.admin });
  const expected = await expectedReplicas();
  const began = Date.now();

  await startWithProject(op, PROJECT);
  await createRobot(op);

  // Credentials: copy the secret, export the file, both from the same one-time screen.
  await expectStep(page, 'Credentials');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(ROBOT);
  const secret = await readRobotSecret(page);
  await op.click(page.getByRole('button', { name: 'Copy', exact: true }));
  // The browser's code runs as a string: this package is typed for Node, not the DOM.
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);

  const downloading = page.waitForEvent('download');
  await op.click(page.getByRole('button', { name: 'Export to file' }));
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${ROBOT}.json`);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as Record<string, unknown>;
  // Harbor's robot create response, keys and all, with the secret.
  expect(Object.keys(exported).sort()).toEqual(['creation_time', 'expires_at', 'id', 'name', 'secret']);
  expect(exported).toMatchObject({ name: ROBOT, secret, expires_at: -1 });
  expect(typeof exported.id).toBe('number');
  expect(typeof exported.creation_time).toBe('string');
  await op.screenshot('credentials');
  await expect(page.getByRole('status', { name: 'Your copy of the secret' })).toContainText(
    'You kept a copy (copied and exported).',
  );
  await op.click(nextButton(page));

  await connectDemo(op, 'source');
  await createEndpoint(op);
  await testConnection(op);

  // The rule: name and tag filters, destination namespace, flattening 1, daily at 02:00 UTC.
  await fillRule(op, {
    name: 'dr-nightly',
    nameFilter: 'team/app/**',
    tagFilter: 'v*',
    namespace: PROJECT,
    trigger: 'Scheduled',
    cron: '0 0 2 * * *',
  });
  await expectChosen(page, 'Flattening', 'Flatten 1 Level');
  await expect(page.getByRole('checkbox', { name: 'Enable rule' })).toBeChecked();
  await expect(page.getByRole('status', { name: 'Schedule in plain English' })).toBeVisible();
  const preview = page.getByRole('table', { name: 'Matched repositories' });
  for (const repo of Object.keys(expected)) await expect(preview).toContainText(`${PROJECT}/${repo}`);
  // The rule step fits a 1280 px window: the preview beside the form, nothing wider than the page.
  expect(page.viewportSize()?.width).toBe(1280);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
  await op.screenshot('rule');
  await saveRule(op);

  await expect(page.getByRole('region', { name: 'source Harbor' })).toContainText('Scheduled: 0 0 2 * * *');
  await createRule(op);
  await replicateNow(op);

  // The wizard's verification lists what landed on the target.
  const verification = await expectVerified(page);
  // Opening the list is for the check, not part of the setup: it is not counted as an interaction.
  await verification.getByRole('button', { name: /^Show all \d+ repositories$/ }).click();
  const listed = verification.getByRole('table', { name: 'Repositories on the target' });
  for (const repo of Object.keys(expected)) await expect(listed).toContainText(`${PROJECT}/${repo}`);
  await expect(nextButton(page)).toBeEnabled();
  await op.screenshot('run');

  await finishSetup(op);
  await op.screenshot('done');

  const wallMs = Date.now() - began;
  console.log(
    `push path: ${op.interactions} interactions (${op.clicks} clicks, ${op.fills} fields filled), ${wallMs} ms`,
  );
  writeFileSync(
    join(screenshotDir, 'interactions.json'),
    `${JSON.stringify({ interactions: op.interactions, wallMs }, null, 2)}\n`,
  );

  // Directly on the target: each expected repository with exactly the v* tags of its source.
  for (const [repo, tags] of Object.entries(expected)) {
    const artifacts = await target.artifacts.list(PROJECT, repo, { withTag: true, pageSize: 100 });
    const present = artifacts.items.flatMap((a) => (a.tags ?? []).map((t) => t.name ?? '')).sort();
    expect(present, `${PROJECT}/${repo} on the target`).toEqual(tags);
  }
  // The robot exists on the target exactly as exported.
  const project = await target.projects.get(PROJECT);
  const robots = await target.robots.listByProject(project.project_id ?? -1);
  expect(robots.items.map((r) => r.name)).toEqual([ROBOT]);
});
