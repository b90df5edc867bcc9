// One setup, one step: loads the setup from the server (never from browser storage) so a reload or
// a server restart resumes where the operator was, and keeps the URL and the server in step.
import { STEP_IDS, STEP_TITLES, stepIndex } from '@hw/wizard-api';
import type { RobotCreatedResponse, SetupState, StepId } from '@hw/wizard-api';
import { Anchor, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useMemo, useState } from 'react';
import { Link, Redirect, useLocation } from 'wouter';

import { ErrorBoundary } from '@/components/error-boundary.tsx';
import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { paths } from '@/config/paths.ts';
import { setupQueryOptions, useSetup } from '@/features/wizard/api/get-setup.ts';
import { goToStep } from '@/features/wizard/api/go-to-step.ts';
import { STEP_COMPONENTS } from '@/features/wizard/components/step-registry.ts';
import {
  isReachable,
  isStepId,
  nextOpenStep,
  WizardContext,
} from '@/features/wizard/components/wizard-context.tsx';
import type { WizardContextValue } from '@/features/wizard/components/wizard-context.tsx';
import { WizardShell } from '@/features/wizard/components/wizard-shell.tsx';
import { WizardStepper } from '@/features/wizard/components/wizard-stepper.tsx';
import { ApiRequestError } from '@/lib/api-client.ts';

const HAND_OFF_STEPS: readonly StepId[] = ['robot', 'credentials'];

export function WizardPage({ id, step }: { id: string; step: string }) {
  const setupQuery = useSetup(id);
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const [handOff, setHandOff] = useState<{ created: RobotCreatedResponse; step: StepId } | null>(null);
  const currentStep = isStepId(step) ? step : null;

  const storeAndShow = useCallback(
    (state: SetupState, target: StepId) => {
      queryClient.setQueryData(setupQueryOptions(id).queryKey, state);
      navigate(paths.step.href(id, target));
    },
    [id, navigate, queryClient],
  );

  const visit = useMutation({
    mutationFn: (target: StepId) => goToStep(id, target),
    onSuccess: (state, target) => storeAndShow(state, target),
  });

  const completeStep = useCallback(
    async (state: SetupState) => {
      if (!currentStep) return;
      queryClient.setQueryData(setupQueryOptions(id).queryKey, state);
      // Steps done out of order (pull mode connects the source on the project step) are skipped.
      const following = nextOpenStep(currentStep, state.completedSteps);
      if (!following) return;
      // The server usually advances by itself; otherwise record the move before showing it.
      if (stepIndex(state.step) >= stepIndex(following)) storeAndShow(state, following);
      else await visit.mutateAsync(following);
    },
    [currentStep, id, queryClient, storeAndShow, visit],
  );

  // The one-time secret survives only the hop from "robot" to "credentials"; leaving drops it.
  const robotHandOff =
    handOff && currentStep && HAND_OFF_STEPS.includes(currentStep) ? handOff.created : null;
  if (handOff && currentStep && !HAND_OFF_STEPS.includes(currentStep)) setHandOff(null);

  const context = useMemo<WizardContextValue | null>(
    () =>
      setupQuery.data && currentStep
        ? {
            setup: setupQuery.data,
            step: currentStep,
            completeStep,
            goTo: (target) => visit.mutate(target),
            robotHandOff,
            setRobotHandOff: (created) => setHandOff(created ? { created, step: currentStep } : null),
          }
        : null,
    [completeStep, currentStep, robotHandOff, setupQuery.data, visit],
  );

  if (setupQuery.isPending) {
    return (
      <WizardShell stepper={null}>
        <PageLoader label="Loading your setup…" />
      </WizardShell>
    );
  }
  if (setupQuery.isError) {
    const error = setupQuery.error instanceof ApiRequestError ? setupQuery.error : null;
    const gone = error?.status === 404;
    // The server keeps a setup it can no longer read: trying again cannot help.
    const unreadable = error?.code === 'setup-unreadable';
    return (
      <WizardShell stepper={null}>
        <Stack>
          <ErrorCallout
            error={setupQuery.error}
            title={
              gone
                ? 'This setup does not exist on the server (it may have expired or been removed)'
                : unreadable
                  ? 'This setup can no longer be opened'
                  : 'Could not load this setup'
            }
            onRetry={gone || unreadable ? undefined : () => void setupQuery.refetch()}
          />
          <Anchor component={Link} href={paths.home.href()}>
            Start a new setup
          </Anchor>
        </Stack>
      </WizardShell>
    );
  }

  const setup = setupQuery.data;
  if (!currentStep || !isReachable(setup, currentStep))
    return <Redirect to={paths.step.href(id, setup.step)} replace />;
  const StepComponent = STEP_COMPONENTS[currentStep];

  return (
    <WizardShell
      summary={`Step ${STEP_IDS.indexOf(currentStep)} of ${STEP_IDS.length - 1}: ${STEP_TITLES[currentStep]}`}
      stepper={
        <WizardStepper
          current={currentStep}
          mode={setup.mode}
          completed={setup.completedSteps}
          canVisit={(target) => isReachable(setup, target)}
          onVisit={(target) => visit.mutate(target)}
          hrefOf={(target) => paths.step.href(id, target)}
          loadingStep={visit.isPending ? visit.variables : null}
        />
      }
    >
      <WizardContext.Provider value={context}>
        <ErrorBoundary resetKey={currentStep}>
          <Suspense fallback={<PageLoader label="Loading the step…" />}>
            <StepComponent key={currentStep} />
          </Suspense>
        </ErrorBoundary>
      </WizardContext.Provider>
    </WizardShell>
  );
}
