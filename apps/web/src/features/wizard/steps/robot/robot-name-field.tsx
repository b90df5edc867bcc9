// The robot's short name, the full name Harbor will give it, and whether that name is still free
// (asked as the operator types, debounced).
import { robotFullName } from '@hw/harbor-client';
import { Code, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useFormState, useWatch } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useRobotCheck } from '@/features/wizard/steps/robot/api/check-robot.ts';
import { RobotField, robotRequest, useRobotForm } from '@/features/wizard/steps/robot/robot-form.ts';

export function RobotNameField({ project }: { project: string }) {
  const { setup } = useWizard();
  const { control } = useRobotForm();
  const name = (useWatch({ control, name: 'name' }) ?? '').trim();
  const [debouncedName] = useDebouncedValue(name, 300);
  const check = useRobotCheck(setup.id, debouncedName);
  const { errors } = useFormState({ control, name: 'name' });
  const nameValid = !errors.name && robotRequest.name.safeParse(name).success;
  const upToDate = debouncedName === name;
  const alreadyMine = setup.robot?.name === robotFullName(project, name);
  const taken = upToDate && check.data?.exists === true && !alreadyMine;

  return (
    <>
      <RobotField.TextField
        name="name"
        label="Robot name"
        description="Lowercase letters, digits and . _ - between them (Harbor's rule). Harbor adds the prefix and project."
        required
      />
      {taken && (
        <Text size="sm" c="orange">
          Robot Account already exists. Creating it will offer to reuse it (with a new secret) or to pick
          another name.
        </Text>
      )}
      <Text size="sm" role="status">
        Full name on Harbor: <Code>{robotFullName(project, name || '<name>')}</Code>
        {nameValid && upToDate && check.isFetching && ' — checking…'}
        {nameValid && upToDate && check.data && !check.data.exists && ' — available'}
      </Text>
      {check.isError && (
        <ErrorCallout
          error={check.error}
          title="The uniqueness check failed"
          onRetry={() => void check.refetch()}
        />
      )}
    </>
  );
}
