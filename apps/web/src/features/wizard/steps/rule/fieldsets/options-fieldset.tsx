// The rule's options as Harbor names them: bandwidth, override, copy by chunk, single active
// replication and enabled, each shown only when the rule's Harbor supports it.
import { Fieldset, Group, Stack } from '@mantine/core';
import { useWatch } from 'react-hook-form';

import { RuleField, useRuleForm, useRuleHarbor } from '@/features/wizard/steps/rule/rule-form.ts';

const UNITS = [
  { value: 'Kbps', label: 'Kbps' },
  { value: 'Mbps', label: 'Mbps' },
];

function BandwidthFields() {
  const { control, trigger } = useRuleForm();
  const unlimited = useWatch({ control, name: 'bandwidth.unlimited' }) ?? true;
  return (
    <Group align="flex-end">
      <RuleField.NumberField
        name="bandwidth.value"
        label="Bandwidth"
        description="Limit per replication job (Harbor runs several jobs in parallel)."
        min={1}
        max={99_999}
        disabled={unlimited}
        w={220}
      />
      <RuleField.SelectField
        name="bandwidth.unit"
        label="Bandwidth unit"
        options={UNITS}
        disabled={unlimited}
        w={150}
      />
      <RuleField.CheckboxField
        name="bandwidth.unlimited"
        label="Unlimited"
        onValueChange={() => void trigger('bandwidth')}
        mb={8}
      />
    </Group>
  );
}

export function OptionsFieldset() {
  const caps = useRuleHarbor()?.capabilities;
  const { control } = useRuleForm();
  const eventBased = useWatch({ control, name: 'trigger.type' }) === 'event_based';
  return (
    <Fieldset legend="Options">
      <Stack gap="sm">
        {caps?.speed !== false && <BandwidthFields />}
        <RuleField.CheckboxField
          name="override"
          label="Override"
          description="Replace an artifact on the target that has the same name but different content."
        />
        {caps?.copyByChunk && (
          <RuleField.CheckboxField
            name="copyByChunk"
            label="Copy by chunk"
            description="Upload blobs in chunks; helps with proxies that limit request size."
          />
        )}
        {caps?.singleActiveReplication && !eventBased && (
          <RuleField.CheckboxField
            name="singleActiveReplication"
            label="Single active replication"
            description="Skip a run while the previous one of this rule is still going (shown as “Skipped”)."
          />
        )}
        <RuleField.CheckboxField
          name="enabled"
          label="Enable rule"
          description="A disabled rule keeps its settings but never runs, not even on schedule or events."
        />
      </Stack>
    </Fieldset>
  );
}
