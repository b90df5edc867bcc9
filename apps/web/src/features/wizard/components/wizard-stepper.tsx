// Where the operator is, what is done and what comes next; done steps can be revisited.
import { STEP_IDS, STEP_TITLES, stepIndex, stepSide } from '@hw/wizard-api';
import type { ReplicationMode, StepId } from '@hw/wizard-api';
import { Stepper } from '@mantine/core';

type Props = {
  /** The step on screen; -1 index when no setup exists yet (the start page). */
  current: StepId;
  mode: ReplicationMode | null;
  completed: readonly StepId[];
  /** Steps the operator may jump to. */
  canVisit: (step: StepId) => boolean;
  onVisit: (step: StepId) => void;
  loadingStep?: StepId | null;
};

function description(step: StepId, mode: ReplicationMode | null, done: boolean): string {
  const side = mode ? stepSide(step, mode) : null;
  const where = side ? `on ${side}` : '';
  return [where, done ? 'done' : ''].filter(Boolean).join(' · ');
}

export function WizardStepper({ current, mode, completed, canVisit, onVisit, loadingStep }: Props) {
  return (
    <nav aria-label="Wizard steps">
      <Stepper
        active={stepIndex(current)}
        orientation="vertical"
        size="sm"
        allowNextStepsSelect={false}
        onStepClick={(index) => {
          const step = STEP_IDS[index];
          if (step && step !== current && canVisit(step)) onVisit(step);
        }}
      >
        {STEP_IDS.map((step, index) => {
          const done = completed.includes(step);
          const isCurrent = step === current;
          return (
            <Stepper.Step
              key={step}
              label={`${index}. ${STEP_TITLES[step]}`}
              description={description(step, mode, done)}
              state={isCurrent ? 'stepProgress' : done ? 'stepCompleted' : 'stepInactive'}
              allowStepSelect={!isCurrent && canVisit(step)}
              loading={loadingStep === step}
              aria-current={isCurrent ? 'step' : undefined}
              aria-label={`Step ${index}: ${STEP_TITLES[step]}${isCurrent ? ' (current)' : done ? ' (done)' : ''}`}
            />
          );
        })}
      </Stepper>
    </nav>
  );
}
