// Step 11: finish a setup (its secrets are erased) and export it.
import { sidesFor } from '@hw/wizard-api';
import type { SetupState } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { setupBundle, setupTerraform } from './exports.ts';
import type { SetupRef } from './setups.ts';
import { completeStep } from './setups.ts';
import { sideClient } from './side-client.ts';
import { requirePolicy, requireRuleHasRun } from './step-guards.ts';

/**
 * Finishes the setup once its rule has run, or, `withoutRun`, before it ran (a scheduled or
 * event-based rule must often not start a full copy during the day): the setup then records that
 * the verification is still to do.
 */
export function completeSetup(ctx: AppContext, ref: SetupRef, withoutRun: boolean): Promise<SetupState> {
  return ctx.setups.mutate(ref, async (setup) => {
    if (setup.state.status === 'completed') return setup.state;
    if (withoutRun) requirePolicy(setup.state);
    else await requireRuleHasRun(setup, () => sideClient(ctx, setup, sidesFor(setup.state.mode).rule));
    setup.state.finishedWithoutRun = withoutRun && !setup.state.completedSteps.includes('run');
    completeStep(setup.state, 'run');
    completeStep(setup.state, 'done');
    setup.state.step = 'done';
    setup.state.status = 'completed';
    // Nothing secret outlives the setup: passwords, robot secret and export file are erased now.
    await ctx.secrets.delete(setup.sessionId, setup.id);
    return ctx.setups.save(setup);
  });
}

export type ExportFile = { fileName: string; contentType: string; content: string };

export async function exportFile(
  ctx: AppContext,
  ref: SetupRef,
  format: 'bundle' | 'terraform',
): Promise<ExportFile> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  if (format === 'terraform')
    return {
      fileName: 'main.tf',
      contentType: 'text/plain; charset=utf-8',
      content: setupTerraform(setup.state, setup.internal),
    };
  return {
    fileName: `replication-setup-${setup.state.policy?.name ?? setup.id}.json`,
    contentType: 'application/json; charset=utf-8',
    content: JSON.stringify(setupBundle(setup.state, setup.internal, ctx.now().toISOString()), null, 2),
  };
}
