// The words the repair pages use for the contract's values.
import type { HarborSide, RepairFlow, RepairKind, RepairStep } from '@hw/wizard-api';

import { REPAIR_LABELS } from './suggested-repairs.ts';

export const REPAIR_KINDS: Record<RepairKind, { label: string; description: string }> = {
  rotate: {
    label: REPAIR_LABELS.rotate,
    description:
      "Give the replication robot a new secret and hand it to the endpoint of the rule's Harbor; the old secret stops working.",
  },
  extend: {
    label: REPAIR_LABELS.extend,
    description: "Set the replication robot's duration again; Harbor counts it from the robot's creation.",
  },
  'fix-permissions': {
    label: REPAIR_LABELS['fix-permissions'],
    description: 'Give the replication robot the permissions the rule needs, keeping its secret.',
  },
  unstick: {
    label: REPAIR_LABELS.unstick,
    description: "Stop an execution that no longer moves, and look at the job service's queue if it stays.",
  },
};

export const STEP_STATUS_WORDS: Record<RepairStep['status'], string> = {
  pending: 'Not started',
  running: 'In progress',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const FLOW_STATUS_WORDS: Record<RepairFlow['status'], string> = {
  planned: 'Planned: nothing has been changed yet',
  running: 'In progress',
  waiting: 'Waiting for your answer',
  failed: 'Stopped at a failed step',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function sideWord(side: HarborSide | null): string {
  if (side === null) return 'This server';
  return side === 'source' ? 'Source Harbor' : 'Target Harbor';
}

export function isFinished(flow: RepairFlow): boolean {
  return flow.status === 'done' || flow.status === 'cancelled';
}
