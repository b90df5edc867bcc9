// The document's push path, end to end in the browser against the demo Harbors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createHarborClient } from '@hw/harbor-client';
import { expect, test } from '@playwright/test';

import { harbors } from '../support/harbors.ts';
import { Operator, screenshotDir } from '../support/interactions.ts';
import {
  connectDemo,
  createEndpoint,
  createProject,
  createRobot,
  expectStep,
  nextButton,
  start,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'dr-push';
const ROBOT = `robot$${PROJECT}+replicator`;

test.use({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true });

test('push: the document path from connecting the target to a verified replication', async ({ page }) => {
  const op = new Operator(page, true);
  const began = Date.now();

  await start(op, 'push');
  await connectDemo(op, 'target');
  await createProject(op, PROJECT);
  await createRobot(op);

  // Credentials: copy the secret, export the file, both from the same one-time screen.
  await expectStep(page, 'Credentials');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(ROBOT);
  const secretField = page.getByLabel('Secret', { exact: true });
  const secret = await secretField.inputValue();
  expect(secret.length).toBeGreaterThanOrEqual(8);
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
  await op.check(page.getByRole('checkbox', { name: 'I have stored the secret' }));
  await op.click(nextButton(page));

  await connectDemo(op, 'source');
  await createEndpoint(op);
  await testConnection(op);

  await expectStep(page, 'Replication rule');

  const wallMs = Date.now() - began;
  console.log(
    `push path: ${op.interactions} interactions (${op.clicks} clicks, ${op.fills} fields), ${wallMs} ms`,
  );
  writeFileSync(
    join(screenshotDir, 'interactions.json'),
    `${JSON.stringify({ interactions: op.interactions, wallMs }, null, 2)}\n`,
  );

  // The robot exists on the target exactly as exported.
  const target = createHarborClient({ baseUrl: harbors.target.url, ...harbors.target.admin });
  const project = await target.projects.get(PROJECT);
  const robots = await target.robots.listByProject(project.project_id ?? -1);
  expect(robots.items.map((r) => r.name)).toEqual([ROBOT]);
});
