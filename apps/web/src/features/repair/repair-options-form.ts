// The options a repair is started with, per kind, checked before the plan is asked for.
import type { RepairKind, RepairOptionsInput } from '@hw/wizard-api';
import { z } from 'zod';

export type RepairFormValues = {
  canary: 'none' | 'rule';
  expiry: 'days' | 'never';
  durationDays?: number | undefined;
  replace: boolean;
  executionId?: number | undefined;
};

export const emptyRepairForm: RepairFormValues = {
  canary: 'rule',
  expiry: 'days',
  durationDays: 90,
  replace: false,
  executionId: undefined,
};

const days = z
  .number({ message: 'Enter a number of days' })
  .int('Enter a whole number of days')
  .min(1, 'At least 1 day')
  .max(3650, 'At most 3650 days (10 years)');

/** Validates what the kind uses and turns the values into the request's options. */
export function repairFormSchema(kind: RepairKind) {
  return z
    .object({
      canary: z.enum(['none', 'rule']),
      expiry: z.enum(['days', 'never']),
      durationDays: z.number().optional(),
      replace: z.boolean(),
      executionId: z.number().optional(),
    })
    .superRefine((values, ctx) => {
      if (kind === 'extend' && values.expiry === 'days') {
        const checked = days.safeParse(values.durationDays);
        if (!checked.success)
          ctx.addIssue({ code: 'custom', path: ['durationDays'], message: checked.error.issues[0]!.message });
      }
      if (kind === 'unstick' && values.executionId !== undefined) {
        if (!Number.isSafeInteger(values.executionId) || values.executionId < 1)
          ctx.addIssue({ code: 'custom', path: ['executionId'], message: 'Enter an execution id' });
      }
    })
    .transform((values): RepairOptionsInput => {
      switch (kind) {
        case 'rotate':
          return { kind, canary: values.canary };
        case 'extend':
          return { kind, durationDays: values.expiry === 'never' ? -1 : values.durationDays! };
        case 'fix-permissions':
          return { kind, replace: values.replace };
        case 'unstick':
          return values.executionId === undefined ? { kind } : { kind, executionId: values.executionId };
      }
    });
}
