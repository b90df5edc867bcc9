// The rule's name, with whether it is still free on the rule's Harbor (checked as it is typed).
import { Text } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import type { useRuleNameCheck } from '@/features/wizard/steps/rule/api/check-rule-name.ts';
import { RuleField } from '@/features/wizard/steps/rule/rule-form.ts';

export function RuleNameField({ nameCheck }: { nameCheck: ReturnType<typeof useRuleNameCheck> }) {
  const { check, checking, taken, available } = nameCheck;
  return (
    <>
      <RuleField.TextField
        name="name"
        label="Name"
        description="The rule's name on Harbor: lowercase letters, digits and . _ - between them."
        required
      />
      {taken ? (
        <Text size="sm" c="red" role="alert">
          {taken}
        </Text>
      ) : (
        <Text size="sm" role="status" c="dimmed">
          {checking && 'Checking the name on Harbor…'}
          {available && !checking && 'The name is free on Harbor.'}
        </Text>
      )}
      {check.isError && (
        <ErrorCallout
          error={check.error}
          title="The name check failed"
          onRetry={() => void check.refetch()}
        />
      )}
    </>
  );
}
