// After the hand-off the robot secret exists only on the server: not in the page, not in browser
// storage or cookies, and in no response the browser receives afterwards.
import { expect, test } from '../support/operator-fixture.ts';
import { recordResponseBodies } from '../support/response-bodies.ts';
import { createAndReplicate, finishSetup, startWithProject } from '../support/setup-walk.ts';
import {
  connectDemo,
  createEndpoint,
  createRobot,
  expectStep,
  fillRule,
  nextButton,
  readRobotSecret,
  testConnection,
} from '../support/wizard.ts';

test('the robot secret is gone from the browser after the hand-off', async ({ page, context, op }) => {
  await startWithProject(op, 'secret-check');
  await createRobot(op);
  const secret = await readRobotSecret(page);

  const recording = recordResponseBodies(page);
  await op.click(nextButton(page));

  await connectDemo(op, 'source');
  await createEndpoint(op, 'e2e-secrets');
  await testConnection(op);
  await fillRule(op, { name: 'secret-check', nameFilter: 'library/busybox', namespace: 'secret-check' });
  await createAndReplicate(op);
  await finishSetup(op);
  // A reload fetches everything again, and the robot export is no longer served.
  await page.reload();
  await expectStep(page, 'Done');
  const responses = await recording.stop();
  expect(responses.length).toBeGreaterThan(10);
  expect(responses.filter((r) => r.body.includes(secret)).map((r) => r.url)).toEqual([]);
  expect(await page.content()).not.toContain(secret);
  const storage = await page.evaluate<string>('JSON.stringify([{ ...localStorage }, { ...sessionStorage }])');
  expect(storage).not.toContain(secret);
  const cookies = await context.cookies();
  expect(JSON.stringify(cookies)).not.toContain(secret);
  // The hand-off step now says the secret was handed off instead of showing it.
  await page.goto(page.url().replace(/\/[^/]+$/, '/credentials'));
  await expect(page.getByRole('note').filter({ hasText: 'Secret handed off' })).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});
