// The project step's form: the names the operator types (checked with Harbor's project name rule)
// and the field components bound to it.
import { chooseProjectRequestSchema, projectNameSchema } from '@hw/wizard-api';
import { z } from 'zod';

import { CheckboxField } from '@/components/form/checkbox-field.tsx';

/** The request's fields the operator types; `create` follows from whether the project exists. */
export function projectFormSchema(pull: boolean) {
  return chooseProjectRequestSchema
    .omit({ create: true, sourceProject: true })
    .extend({ sourceProject: z.string().trim() })
    .superRefine((values, ctx) => {
      if (!pull) return;
      // Harbor's name rule would call an empty name "not in lower case"; the field is simply required.
      if (!values.sourceProject) {
        ctx.addIssue({
          code: 'custom',
          path: ['sourceProject'],
          message: 'Enter the source project: the robot account may read only this project.',
        });
        return;
      }
      const result = projectNameSchema.safeParse(values.sourceProject);
      if (!result.success)
        ctx.addIssue({
          code: 'custom',
          path: ['sourceProject'],
          message: result.error.issues[0]?.message ?? 'Invalid project name',
        });
    });
}
export type ProjectFormInput = z.input<ReturnType<typeof projectFormSchema>>;
export type ProjectFormOutput = z.output<ReturnType<typeof projectFormSchema>>;
// The shared field components bound to this form's values: a misspelt field name fails to compile.
export const ProjectField = {
  CheckboxField: CheckboxField<ProjectFormInput>,
};
