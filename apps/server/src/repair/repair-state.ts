// The stored state of a repair flow: what the operator sees (`RepairFlow`) plus, per step, what it
// recorded before acting (so a resumed step can tell whether it already happened).
import type { HarborSide, RepairFlow, RepairStep } from '@hw/wizard-api';
import { repairFlowSchema, repairStepSchema } from '@hw/wizard-api';
import { z } from 'zod';

import type { RepairRecord } from '../storage/repair-store.ts';

const storedStepSchema = repairStepSchema.extend({ data: z.record(z.string(), z.unknown()).default({}) });
export type StoredStep = z.infer<typeof storedStepSchema>;

const storedFlowSchema = repairFlowSchema
  .omit({ id: true, watchId: true, kind: true, createdAt: true, updatedAt: true, active: true })
  .extend({ steps: z.array(storedStepSchema) });
export type StoredFlow = z.infer<typeof storedFlowSchema>;

export type Flow = { record: RepairRecord; state: StoredFlow };

export function parseFlow(record: RepairRecord): Flow {
  return { record, state: storedFlowSchema.parse(record.state) };
}

export function flowView(flow: Flow, active: boolean): RepairFlow {
  const { record, state } = flow;
  return {
    ...state,
    active,
    steps: state.steps.map(({ data: _data, ...step }): RepairStep => step),
    id: record.id,
    watchId: record.watchId,
    kind: record.kind,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A step as planned: pending, nothing recorded yet. */
export function plannedStep(
  id: string,
  title: string,
  side: HarborSide | null,
  changes: boolean,
): StoredStep {
  return {
    id,
    title,
    side,
    changes,
    status: 'pending',
    detail: null,
    harborMessage: null,
    next: null,
    data: {},
  };
}

/** Every Harbor a step reads or changes: the watch robot may not read what the flow needs (the robot). */
export function loginsNeeded(steps: readonly StoredStep[]): HarborSide[] {
  const sides = new Set(steps.flatMap((s) => (s.side === null ? [] : [s.side])));
  return (['source', 'target'] as const).filter((side) => sides.has(side));
}
