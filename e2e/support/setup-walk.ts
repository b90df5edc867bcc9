// Several wizard steps in a row, as most scenarios need them before the part they are about. Each walk
// uses the demo Harbors and counts the operator's clicks exactly as the single steps do.
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

import { adminClient, sim, tagsOf } from './harbor-direct.ts';
import { harbors } from './harbors.ts';
import type { Operator } from './interactions.ts';
import {
  confirmHandOff,
  connectDemo,
  connectWith,
  createEndpoint,
  createProject,
  createRobot,
  createRule,
  expectStep,
  nextButton,
  replicateNow,
  saveRule,
  start,
  START_PATH,
  testConnection,
} from './wizard.ts';

/** Called with a step's title once that step is shown, before the operator acts on it (axe runs here). */
export type StepHook = (title: string) => Promise<void>;

const noHook: StepHook = () => Promise.resolve();

/** A push setup with the demo target and `project`; the page moves on to the robot step. */
export async function startWithProject(op: Operator, project: string, onStep = noHook): Promise<void> {
  await start(op, 'push');
  await onStep('Connect target');
  await connectDemo(op, 'target');
  await onStep('Target project');
  await createProject(op, project);
}

export type WalkOptions = {
  project: string;
  /** The robot may replicate deletions. */
  deletion?: boolean;
  onStep?: StepHook;
};

/** Up to the source connection: project and robot created, the hand-off confirmed without exporting. */
export async function walkToConnectSource(op: Operator, options: WalkOptions): Promise<void> {
  const { onStep = noHook } = options;
  await startWithProject(op, options.project, onStep);
  await onStep('Robot account');
  await createRobot(op, { deletion: options.deletion });
  await onStep('Credentials');
  await confirmHandOff(op);
}

/** Up to the rule step: the demo source connected, an endpoint named `endpoint` created and tested. */
export async function walkToRule(op: Operator, options: WalkOptions & { endpoint: string }): Promise<void> {
  const { onStep = noHook } = options;
  await walkToConnectSource(op, options);
  await onStep('Connect source');
  await connectDemo(op, 'source');
  await onStep('Endpoint');
  await createEndpoint(op, options.endpoint);
  await onStep('Test connection');
  await testConnection(op);
}

/**
 * `walkToRule` on a wizard at `baseUrl` that offers no demo Harbors (a server started by a spec): the
 * e2e Harbors' URLs and admin logins are typed on both connect steps.
 */
export async function walkToRuleWithLogins(
  op: Operator,
  options: WalkOptions & { endpoint: string; baseUrl: string },
): Promise<void> {
  const { page } = op;
  await page.goto(`${options.baseUrl}${START_PATH}`);
  await expectStep(page, 'Start');
  await op.click(page.getByRole('button', { name: 'Start setup' }));
  for (const side of ['target', 'source'] as const) {
    await expectStep(page, side === 'target' ? 'Connect target' : 'Connect source');
    await connectWith(op, side, { url: harbors[side].url, ...harbors[side].admin });
    await expect(nextButton(page)).toBeEnabled();
    await op.click(nextButton(page));
    if (side === 'target') {
      await createProject(op, options.project);
      await createRobot(op, { deletion: options.deletion });
      await confirmHandOff(op);
    }
  }
  await createEndpoint(op, options.endpoint);
  await testConnection(op);
}

/** The filled rule saved, reviewed, created, and replicated once with a successful execution. */
export async function createAndReplicate(op: Operator, onStep = noHook): Promise<void> {
  await saveRule(op);
  await onStep('Review');
  await createRule(op);
  await replicateNow(op);
}

/** The wizard's verification found the replicated repositories; returns its region. */
export async function expectVerified(page: Page) {
  const verification = page.getByRole('region', { name: 'Verification on the target' });
  await expect(verification.getByRole('status')).toContainText('Verified on the target');
  return verification;
}

/** Next on "Run and watch": the setup is done. */
export async function finishSetup(op: Operator): Promise<void> {
  await op.click(nextButton(op.page));
  await expectStep(op.page, 'Done');
}

/**
 * An event-based rule with deletions at work on "Run and watch": a push of `repository:v1` on the
 * source starts an execution that copies it into `project` on the target, and deleting it on the
 * source removes it there too (the page shows Harbor's own executions without a reload).
 */
export async function expectPushAndDeletionReplicated(
  page: Page,
  project: string,
  repository: string,
): Promise<void> {
  const target = adminClient('target');
  const name = repository.split('/').pop() ?? repository;
  const eventRuns = page
    .getByRole('table', { name: 'Executions' })
    .getByRole('row')
    .filter({ hasText: 'Event based' });
  await sim.pushArtifact('source', repository, 'v1');
  await expect(eventRuns.first()).toContainText('Succeeded', { timeout: 60_000 });
  await expect.poll(() => tagsOf(target, project, name), { timeout: 30_000 }).toEqual(['v1']);

  await sim.deleteArtifact('source', repository, 'v1');
  await expect(eventRuns).toHaveCount(2, { timeout: 60_000 });
  await expect(eventRuns.first()).toContainText('Succeeded', { timeout: 60_000 });
  await expect.poll(() => tagsOf(target, project, name), { timeout: 30_000 }).toEqual([]);
}
