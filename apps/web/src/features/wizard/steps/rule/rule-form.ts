// The rule step's form: its values, the draft a new setup starts from, and the field components
// bound to it (shared by the step and its fieldsets).
import { sidesFor } from '@hw/wizard-api';
import type { RuleDraft, RuleDraftInput, SetupState } from '@hw/wizard-api';
import { useFormContext } from 'react-hook-form';

import { CheckboxField } from '@/components/form/checkbox-field.tsx';
import { NumberField } from '@/components/form/number-field.tsx';
import { SelectField } from '@/components/form/select-field.tsx';
import { TextareaField, TextField } from '@/components/form/text-fields.tsx';
import { useWizard } from '@/features/wizard/components/wizard-context.tsx';

// The shared field components bound to this form's values: a misspelt field name fails to compile.
export const RuleField = {
  TextField: TextField<RuleDraftInput>,
  TextareaField: TextareaField<RuleDraftInput>,
  CheckboxField: CheckboxField<RuleDraftInput>,
  SelectField: SelectField<RuleDraftInput>,
  NumberField: NumberField<RuleDraftInput>,
};

export function useRuleForm() {
  return useFormContext<RuleDraftInput, unknown, RuleDraft>();
}

/** The Harbor that runs the rule (its version and capabilities decide which fields show). */
export function useRuleHarbor() {
  const { setup } = useWizard();
  return setup[sidesFor(setup.mode).rule];
}

export function defaultDraft(setup: SetupState): RuleDraftInput {
  const target = setup.project?.name ?? 'replica';
  return {
    name: `replicate-to-${target}`.slice(0, 255),
    description: '',
    filters: {
      name: '',
      tag: { decoration: 'matches', pattern: '' },
      labels: { decoration: 'matches', names: [] },
      resource: '',
    },
    destination: { namespace: setup.project?.name ?? '', replaceCount: 1 },
    trigger: { type: 'manual', cron: '' },
    deletion: false,
    override: true,
    copyByChunk: false,
    singleActiveReplication: false,
    enabled: true,
    bandwidth: { unlimited: true, unit: 'Mbps' },
  };
}
