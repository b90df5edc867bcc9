// Operator effort like for like with the portal route of the seed document: both Harbors' URLs and
// admin logins typed (no demo button), the document's settings (a scheduled rule, a first run), every
// click, field and character counted. bench/operator-effort.mjs compares the record with the portal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { harbors } from '../support/harbors.ts';
import { screenshotDir } from '../support/interactions.ts';
import { expect, test } from '../support/operator-fixture.ts';
import { expectVerified, finishSetup } from '../support/setup-walk.ts';
import {
  confirmHandOff,
  connectWith,
  createEndpoint,
  createProject,
  createRobot,
  createRule,
  expectExecution,
  expectStep,
  fillRule,
  nextButton,
  saveRule,
  start,
  testConnection,
} from '../support/wizard.ts';

const PROJECT = 'dr-effort';

test('push with typed logins: clicks, fields and keystrokes of the whole setup', async ({ page, op }) => {
  const target = { url: harbors.target.url, ...harbors.target.admin };
  const source = { url: harbors.source.url, ...harbors.source.admin };

  await start(op, 'push');
  await connectWith(op, 'target', target);
  await expect(nextButton(page)).toBeEnabled();
  await op.click(nextButton(page));
  await createProject(op, PROJECT);
  await createRobot(op);
  const robotName = await page.getByRole('textbox', { name: 'Name' }).inputValue();
  await confirmHandOff(op);

  await expectStep(page, 'Connect source');
  await connectWith(op, 'source', source);
  await expect(nextButton(page)).toBeEnabled();
  await op.click(nextButton(page));
  await expectStep(page, 'Endpoint');
  const endpointName = await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue();
  await createEndpoint(op);
  await testConnection(op);

  // The document's rule: a name, "Scheduled" with a cron string, enabled; nothing else changed.
  await fillRule(op, { name: 'effort-rule', trigger: 'Scheduled', cron: '0 0 2 * * *' });
  await saveRule(op);
  await createRule(op);
  await expectStep(page, 'Run and watch');
  await op.click(page.getByRole('button', { name: 'Replicate now' }));
  // The document's rule copies every repository: the wizard asks before so large a run (one click).
  await op.click(page.getByRole('alertdialog').getByRole('button', { name: /^Replicate \d+ tags now$/ }));
  await expectExecution(page, 'Succeeded');
  await expectVerified(page);
  await finishSetup(op);

  const record = {
    path: 'push, typed logins on both sides, scheduled rule, one run',
    clicks: op.clicks,
    fields: op.fills,
    keystrokes: op.keystrokes,
    // The wizard hands the robot's name and secret to the endpoint itself.
    copyPastes: 0,
    // What the portal route types by hand, with the same values (see bench/operator-effort.mjs).
    typed: {
      targetUrl: target.url,
      sourceUrl: source.url,
      username: target.username,
      targetPassword: target.password,
      sourcePassword: source.password,
      robotName: robotName.replace(/^robot\$[^+]*\+/, ''),
      endpointName,
      ruleName: 'effort-rule',
      cron: '0 0 2 * * *',
    },
  };
  console.log(
    `effort (typed logins): ${record.clicks} clicks, ${record.fields} fields, ${record.keystrokes} keystrokes`,
  );
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(join(screenshotDir, 'effort.json'), `${JSON.stringify(record, null, 2)}\n`);
});
