// What every step needs from the wizard: the server's state of this setup and how to move on.
import { STEP_IDS, stepIndex, stepSide } from '@hw/wizard-api';
import type { RobotCreatedResponse, SetupState, StepId } from '@hw/wizard-api';
import { createContext, useContext } from 'react';

export type WizardContextValue = {
  setup: SetupState;
  /** The step on screen (from the URL). */
  step: StepId;
  /** Stores the server's answer to a step's action and moves to the following step. */
  completeStep: (state: SetupState) => Promise<void>;
  /** Revisit a completed step, or go to the next one. */
  goTo: (step: StepId) => void;
  /** Step 3 → 4 only: the robot just created, with its one-time secret. Held in component state. */
  robotHandOff: RobotCreatedResponse | null;
  setRobotHandOff: (created: RobotCreatedResponse | null) => void;
};

export const WizardContext = createContext<WizardContextValue | null>(null);

export function useWizard(): WizardContextValue {
  const value = useContext(WizardContext);
  if (!value) throw new Error('useWizard must be used inside the wizard page');
  return value;
}

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}

/** The first step after `step` not done yet (the last step when all are), where Next leads. */
export function nextOpenStep(step: StepId, completed: readonly StepId[]): StepId | null {
  const later = STEP_IDS.slice(stepIndex(step) + 1);
  return later.find((s) => !completed.includes(s)) ?? later.at(-1) ?? null;
}

function previousStep(step: StepId): StepId | null {
  const index = stepIndex(step);
  return index > 0 ? (STEP_IDS[index - 1] ?? null) : null;
}

/** The Back action of the step on screen: to the step before it, none on the first step. */
export function useGoBack(): (() => void) | undefined {
  const { step, goTo } = useWizard();
  const back = previousStep(step);
  return back ? () => goTo(back) : undefined;
}

/** The server lets the operator visit completed steps and the one they are on. */
export function isReachable(setup: SetupState, step: StepId): boolean {
  return (
    step === setup.step || setup.completedSteps.includes(step) || stepIndex(step) <= stepIndex(setup.step)
  );
}

/** "target Harbor · https://…" for the step's badge, or undefined for steps on no Harbor. */
export function sideLabel(setup: SetupState, step: StepId): string | undefined {
  const side = stepSide(step, setup.mode);
  if (!side) return undefined;
  const url = setup[side]?.url;
  return url ? `${side} Harbor · ${url}` : `${side} Harbor`;
}
