// The wizard's steps, in order, and which Harbor each one acts on in push and in pull mode.
import type { ReplicationMode } from './common.ts';

export const STEP_IDS = [
  'start',
  'connect-target',
  'project',
  'robot',
  'credentials',
  'connect-source',
  'endpoint',
  'connection-test',
  'rule',
  'review',
  'run',
  'done',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export type HarborSide = 'source' | 'target';
export const HARBOR_SIDES: readonly HarborSide[] = ['source', 'target'];

/**
 * The Harbor that runs the rule always holds the endpoint: the source in push mode, the target in
 * pull mode. The robot lives on the other Harbor, so the one running the rule can log in to it.
 */
export function sidesFor(mode: ReplicationMode): { robot: HarborSide; rule: HarborSide } {
  return mode === 'push' ? { robot: 'target', rule: 'source' } : { robot: 'source', rule: 'target' };
}

export function stepIndex(step: StepId): number {
  return STEP_IDS.indexOf(step);
}

export const STEP_TITLES: Record<StepId, string> = {
  start: 'Start',
  'connect-target': 'Connect target',
  project: 'Target project',
  robot: 'Robot account',
  credentials: 'Credentials',
  'connect-source': 'Connect source',
  endpoint: 'Endpoint',
  'connection-test': 'Test connection',
  rule: 'Replication rule',
  review: 'Review',
  run: 'Run and watch',
  done: 'Done',
};

/** The Harbor a step acts on, for the step's label ("on target", "on source"). */
export function stepSide(step: StepId, mode: ReplicationMode): HarborSide | null {
  const sides = sidesFor(mode);
  switch (step) {
    case 'connect-target':
    case 'project':
      return 'target';
    case 'connect-source':
      return 'source';
    case 'robot':
    case 'credentials':
      return sides.robot;
    case 'endpoint':
    case 'connection-test':
    case 'rule':
    case 'run':
      return sides.rule;
    default:
      return null;
  }
}
