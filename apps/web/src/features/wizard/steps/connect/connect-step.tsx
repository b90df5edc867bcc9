// Steps 1 and 5: log in to the target (1) or the source (5) Harbor. The server probes the version,
// the account and what the version can do; the report shows before the operator moves on.
import { sidesFor } from '@hw/wizard-api';
import type { HarborSide } from '@hw/wizard-api';
import { Divider } from '@mantine/core';

import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { ConnectForm } from '@/features/wizard/components/connect-form.tsx';
import { previousStep, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

export function ConnectStep() {
  const { setup, step, completeStep, goTo } = useWizard();
  const side: HarborSide = step === 'connect-source' ? 'source' : 'target';
  const summary = setup[side];
  const needsAdmin = sidesFor(setup.mode).rule === side;
  const blockedReason = nextBlockedReason([
    [!summary, `Connect to the ${side} Harbor first.`],
    [needsAdmin && !summary?.isSysAdmin, 'This step needs a system administrator account.'],
  ]);
  const back = previousStep(step);

  return (
    <StepLayout
      title={side === 'target' ? 'Connect target' : 'Connect source'}
      side={`${side} Harbor`}
      description={
        side === 'target'
          ? 'Log in to the Harbor that receives the images. The wizard checks the version and what your account may do.'
          : 'Log in to the Harbor the images come from. Registries and replication rules need a system administrator, so that is checked now rather than at the rule.'
      }
    >
      <ConnectForm side={side} />
      <Divider />
      <StepFooter
        blockedReason={blockedReason}
        onBack={back ? () => goTo(back) : undefined}
        onClick={() => void completeStep(setup)}
      />
    </StepLayout>
  );
}
