// Harbor's "Source resource filter": repository name, tag and label filters, and the resource type.
import type { RuleDraftInput } from '@hw/wizard-api';
import { Fieldset, Group, Stack } from '@mantine/core';
import { useController } from 'react-hook-form';

import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useLabels } from '@/features/wizard/steps/rule/api/get-labels.ts';
import { LabelFilter } from '@/features/wizard/steps/rule/label-filter.tsx';
import { RuleField } from '@/features/wizard/steps/rule/rule-form.ts';

const DECORATIONS = [
  { value: 'matches', label: 'matching' },
  { value: 'excludes', label: 'excluding' },
];

const RESOURCES = [
  { value: '', label: 'All' },
  { value: 'image', label: 'image' },
  { value: 'artifact', label: 'artifact' },
];

const GLOB_HELP =
  'Doublestar glob: * matches any characters except /, ** also matches /, ? one character, {a,b} either. Empty matches everything.';

/** Whether a tag or label filter keeps or drops what it matches. */
function DecorationField(props: {
  name: 'filters.tag.decoration' | 'filters.labels.decoration';
  label: string;
  description: string;
}) {
  return <RuleField.SelectField {...props} w={170} options={DECORATIONS} />;
}

function LabelNamesField() {
  const { setup } = useWizard();
  const labels = useLabels(setup.id);
  const { field } = useController<RuleDraftInput, 'filters.labels.names'>({ name: 'filters.labels.names' });
  return (
    <LabelFilter
      labels={labels.data?.items ?? []}
      value={field.value ?? []}
      onChange={field.onChange}
      loading={labels.isPending}
      description={
        labels.isError
          ? 'Could not load the labels of this Harbor.'
          : labels.data?.items.length === 0
            ? 'This Harbor has no global labels.'
            : "The source Harbor's global labels; type to search. None selected: labels are not filtered."
      }
    />
  );
}

export function FiltersFieldset() {
  return (
    <Fieldset legend="Source resource filter">
      <Stack gap="sm">
        <RuleField.TextField
          name="filters.name"
          fallbackErrorFrom="filters"
          label="Name filter"
          description={`Repository names, e.g. library/** or dev/{app,api}. ${GLOB_HELP}`}
          placeholder="**"
        />
        <Group align="flex-start" gap="sm">
          <DecorationField
            name="filters.tag.decoration"
            label="Tag filter mode"
            description="Keep or drop the tags that match."
          />
          <RuleField.TextField
            name="filters.tag.pattern"
            style={{ flex: 1, minWidth: 220 }}
            label="Tag filter"
            description={`e.g. v* or {latest,stable}. ${GLOB_HELP}`}
            placeholder="**"
          />
        </Group>
        <Group align="flex-start" gap="sm">
          <DecorationField
            name="filters.labels.decoration"
            label="Label filter mode"
            description="Keep or drop artifacts with these labels."
          />
          <LabelNamesField />
        </Group>
        <RuleField.SelectField
          name="filters.resource"
          label="Resource"
          description="Kept for clarity: Harbor 2.8+ replicates every artifact type whatever is chosen here."
          options={RESOURCES}
        />
      </Stack>
    </Fieldset>
  );
}
