// The robot step's form: what the operator chooses before the robot account is created, checked
// with Harbor's own rules, and the field components bound to it.
import { checkRobotPermissions, explainRobotPermissions } from '@hw/harbor-client';
import { createRobotRequestSchema } from '@hw/wizard-api';
import type { ReplicationMode } from '@hw/wizard-api';
import { useFormContext } from 'react-hook-form';
import { z } from 'zod';

import { CheckboxField, SwitchField } from '@/components/form/checkbox-field.tsx';
import { NumberField } from '@/components/form/number-field.tsx';
import { RadioGroupField } from '@/components/form/radio-group-field.tsx';
import { TextField } from '@/components/form/text-fields.tsx';

export const robotRequest = createRobotRequestSchema.shape;

export const robotFormSchema = z
  .object({
    name: robotRequest.name,
    description: robotRequest.description,
    expiry: z.enum(['never', 'days']),
    days: z
      .number()
      .int()
      .min(1, 'Enter at least 1 day')
      .max(36_500, 'At most 36500 days (100 years)')
      .optional(),
    deletion: z.boolean(),
    customize: z.boolean(),
    access: z.array(z.object({ resource: z.string(), action: z.string() })),
  })
  .superRefine((values, ctx) => {
    if (values.expiry === 'days' && values.days === undefined)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter the number of days, or choose Never.' });
    if (values.customize) {
      const check = checkRobotPermissions([{ kind: 'project', namespace: 'project', access: values.access }]);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['access'], message: check.message });
    }
  });
export type RobotFormInput = z.input<typeof robotFormSchema>;
export type RobotFormOutput = z.output<typeof robotFormSchema>;

// The shared field components bound to this form's values: a misspelt field name fails to compile.
export const RobotField = {
  TextField: TextField<RobotFormInput>,
  CheckboxField: CheckboxField<RobotFormInput>,
  SwitchField: SwitchField<RobotFormInput>,
  NumberField: NumberField<RobotFormInput>,
  RadioGroupField: RadioGroupField<RobotFormInput>,
};

export function useRobotForm() {
  return useFormContext<RobotFormInput, unknown, RobotFormOutput>();
}

/** The least-privilege preset as the form's access list. */
export function presetAccess(mode: ReplicationMode, project: string, deletion: boolean) {
  return explainRobotPermissions({ mode, project, deletion }).map(({ resource, action }) => ({
    resource,
    action,
  }));
}
