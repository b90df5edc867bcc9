// An endpoint URL the source Harbor cannot reach: the save fails, the endpoint step itself shows
// the wizard's checks of that URL (no pointer to the still-locked connection test), and the
// corrected URL saves.
import { freeLoopbackPort } from '@hw/harbor-sim';

import { expect, test } from '../support/operator-fixture.ts';
import { walkToConnectSource } from '../support/setup-walk.ts';
import { connectDemo, expectStep } from '../support/wizard.ts';

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return freeLoopbackPort();
}

test('an unreachable endpoint URL is diagnosed on the endpoint step, and the corrected URL saves', async ({
  page,
  op,
}) => {
  await walkToConnectSource(op, { project: 'endpoint-diagnosis' });
  await connectDemo(op, 'source');
  await expectStep(page, 'Endpoint');
  await op.fill(page.getByRole('textbox', { name: 'Name', exact: true }), 'e2e-diagnosis');
  const url = page.getByRole('textbox', { name: /Endpoint URL/ });
  const reachable = await url.inputValue();
  const port = await closedPort();
  await op.fill(url, `http://127.0.0.1:${port}`);
  await op.click(page.getByRole('button', { name: 'Create endpoint' }));

  const error = page.getByRole('alert').filter({ hasText: 'Could not save the endpoint' });
  await expect(error).toContainText(
    `Connection refused on port ${port} of 127.0.0.1: nothing listens there.`,
  );
  await expect(error).not.toContainText(/connection test/i);
  const diagnosis = page.getByRole('region', { name: 'Diagnosis of the endpoint URL' });
  await expect(
    diagnosis.getByRole('group', { name: "Network (TCP), from the wizard's server: failed" }),
  ).toBeVisible();
  await expect(
    diagnosis.getByRole('group', { name: "HTTP, from the wizard's server: skipped" }),
  ).toBeVisible();
  await expectStep(page, 'Endpoint');

  await op.fill(url, reachable);
  await op.click(page.getByRole('button', { name: 'Create endpoint' }));
  await expectStep(page, 'Test connection');
});
