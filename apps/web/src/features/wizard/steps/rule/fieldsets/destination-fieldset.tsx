// Where the images land on the target: the namespace, Harbor's flattening, and live examples from
// real source repositories.
import { FLATTENING_LEVELS } from '@hw/harbor-client';
import { destinationNamespace } from '@hw/wizard-api';
import type { ReplicationMode } from '@hw/wizard-api';
import { Fieldset, Stack } from '@mantine/core';
import { useWatch } from 'react-hook-form';

import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useSampleRepositories } from '@/features/wizard/steps/rule/api/get-sample-repositories.ts';
import { DestinationExamples } from '@/features/wizard/steps/rule/destination-examples.tsx';
import { RuleField, useRuleForm, useRuleHarbor } from '@/features/wizard/steps/rule/rule-form.ts';

function namespaceHelp(mode: ReplicationMode, targetProject: string): string {
  const base = `The project (and optional path) on the target. Empty means the target project “${targetProject}”`;
  // Push: the source logs in to the target with the robot, which may push only into its project.
  // Pull: the rule runs on the target itself; the robot only reads the source project.
  return mode === 'push'
    ? `${base}; the robot account may only write there.`
    : `${base}. The rule runs on the target, which writes there itself; the robot account only reads the source project.`;
}

export function DestinationFieldset({ previewed }: { previewed: readonly string[] }) {
  const { setup } = useWizard();
  const caps = useRuleHarbor()?.capabilities;
  const samples = useSampleRepositories(setup.id);
  const { control } = useRuleForm();
  const [destination, nameFilter] = useWatch({ control, name: ['destination', 'filters.name'] });
  const targetProject = setup.project?.name ?? '';
  return (
    <Fieldset legend="Destination">
      <Stack gap="sm">
        <RuleField.TextField
          name="destination.namespace"
          label="Destination namespace"
          description={namespaceHelp(setup.mode, targetProject)}
        />
        <RuleField.SelectField
          name="destination.replaceCount"
          label="Flattening"
          description="How many leading path levels of the source repository are dropped before the namespace is put in front."
          options={FLATTENING_LEVELS}
          disabled={caps ? !caps.destNamespaceReplaceCount : false}
        />
        <DestinationExamples
          samples={samples.data?.items ?? []}
          nameFilter={nameFilter ?? ''}
          previewed={previewed}
          namespace={destinationNamespace(destination.namespace, setup)}
          replaceCount={destination.replaceCount ?? 1}
        />
      </Stack>
    </Fieldset>
  );
}
