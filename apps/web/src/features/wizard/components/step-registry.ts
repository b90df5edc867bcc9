// Each step is its own chunk: the first page loads only the shell and the step on screen.
import type { StepId } from '@hw/wizard-api';
import { lazy } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';

export const STEP_COMPONENTS: Record<StepId, LazyExoticComponent<ComponentType>> = {
  start: lazy(() => import('../steps/start/start-step.tsx').then((m) => ({ default: m.StartStepInWizard }))),
  'connect-target': lazy(() =>
    import('../steps/connect/connect-step.tsx').then((m) => ({ default: m.ConnectStep })),
  ),
  project: lazy(() => import('../steps/project/project-step.tsx').then((m) => ({ default: m.ProjectStep }))),
  robot: lazy(() => import('../steps/robot/robot-step.tsx').then((m) => ({ default: m.RobotStep }))),
  credentials: lazy(() =>
    import('../steps/credentials/credentials-step.tsx').then((m) => ({ default: m.CredentialsStep })),
  ),
  'connect-source': lazy(() =>
    import('../steps/connect/connect-step.tsx').then((m) => ({ default: m.ConnectStep })),
  ),
  endpoint: lazy(() =>
    import('../steps/endpoint/endpoint-step.tsx').then((m) => ({ default: m.EndpointStep })),
  ),
  'connection-test': lazy(() =>
    import('../steps/connection-test/connection-test-step.tsx').then((m) => ({
      default: m.ConnectionTestStep,
    })),
  ),
  rule: lazy(() => import('../steps/rule/rule-step.tsx').then((m) => ({ default: m.RuleStep }))),
  review: lazy(() => import('../steps/review/review-step.tsx').then((m) => ({ default: m.ReviewStep }))),
  run: lazy(() => import('../steps/run/run-step.tsx').then((m) => ({ default: m.RunStep }))),
  done: lazy(() => import('../steps/done/done-step.tsx').then((m) => ({ default: m.DoneStep }))),
};
