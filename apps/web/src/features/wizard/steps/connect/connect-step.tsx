// Steps 1 and 5: log in to the target (1) or the source (5) Harbor. The server probes the version,
// the account and what the version can do; what each Harbor is for follows the mode.
import { sidesFor } from '@hw/wizard-api';
import type { HarborSide } from '@hw/wizard-api';
import { Divider } from '@mantine/core';

import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { ConnectForm } from '@/features/wizard/components/connect-form.tsx';
import { useGoBack, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

/** What this Harbor is for in the chosen mode: the rule's Harbor needs an administrator, the other one not. */
function connectDescription(side: HarborSide, runsRule: boolean): string {
  const role =
    side === 'target'
      ? 'Log in to the Harbor that receives the images.'
      : 'Log in to the Harbor the images come from.';
  return runsRule
    ? `${role} The endpoint and the replication rule live on this Harbor and need a system administrator, so that is checked now rather than at the rule.`
    : `${role} The robot account lives here; the replication rule runs on the ${side === 'target' ? 'source' : 'target'} Harbor. The wizard checks the version and what your account may do.`;
}

export function ConnectStep() {
  const { setup, step, completeStep } = useWizard();
  const side: HarborSide = step === 'connect-source' ? 'source' : 'target';
  const summary = setup[side];
  const needsAdmin = sidesFor(setup.mode).rule === side;
  const blockedReason = nextBlockedReason([
    [!summary, `Connect to the ${side} Harbor first.`],
    [needsAdmin && !summary?.isSysAdmin, 'This step needs a system administrator account.'],
  ]);
  const goBack = useGoBack();

  return (
    <StepLayout
      title={side === 'target' ? 'Connect target' : 'Connect source'}
      side={`${side} Harbor`}
      description={connectDescription(side, needsAdmin)}
    >
      <ConnectForm side={side} />
      <Divider />
      <StepFooter blockedReason={blockedReason} onBack={goBack} onClick={() => void completeStep(setup)} />
    </StepLayout>
  );
}
