// The rule step's form: its values, the draft a new setup starts from, and the field components
// bound to it (shared by the step and its fieldsets).
import type { RuleDraft, RuleDraftInput, SetupState } from '@hw/wizard-api';
import { useFormContext } from 'react-hook-form';

import { formFields } from '@/components/form/form-fields.ts';

export const RuleField = formFields<RuleDraftInput>();

export function useRuleForm() {
  return useFormContext<RuleDraftInput, unknown, RuleDraft>();
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
