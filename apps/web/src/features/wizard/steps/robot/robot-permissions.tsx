// What the robot may do: the least-privilege replication preset with the reason for each permission,
// the deletions option, and the advanced editor that replaces the preset.
import { explainRobotPermissions } from '@hw/harbor-client';
import { Stack, Table, Text } from '@mantine/core';
import { useController, useWatch } from 'react-hook-form';

import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { PermissionsEditor } from '@/features/wizard/steps/robot/permissions-editor.tsx';
import { presetAccess, RobotField, useRobotForm } from '@/features/wizard/steps/robot/robot-form.ts';
import type { RobotFormInput } from '@/features/wizard/steps/robot/robot-form.ts';
import { TableHead } from '@/components/table-head.tsx';

function CustomAccess() {
  const { field, fieldState } = useController<RobotFormInput, 'access'>({ name: 'access' });
  return (
    <Stack gap={4}>
      <PermissionsEditor value={field.value} onChange={field.onChange} />
      {fieldState.error?.message && (
        <Text c="red" size="sm" role="alert">
          {fieldState.error.message}
        </Text>
      )}
    </Stack>
  );
}

export function RobotPermissions({ project }: { project: string }) {
  const { setup } = useWizard();
  const { control, getValues, setValue } = useRobotForm();
  const [deletion, customize] = useWatch({ control, name: ['deletion', 'customize'] });
  const preset = explainRobotPermissions({ mode: setup.mode, project, deletion });

  return (
    <>
      {setup.mode === 'push' && (
        <RobotField.CheckboxField
          name="deletion"
          label="Allow replicating deletions"
          description="Adds repository delete and tag delete, needed only if the rule will be event-based with “Delete remote resources when locally deleted”."
          onValueChange={(checked) => {
            // The preset follows the option until the operator edits the permissions by hand.
            if (!getValues('customize')) setValue('access', presetAccess(setup.mode, project, checked));
          }}
        />
      )}
      <div>
        <Text size="sm" fw={600}>
          Permissions (replication preset, least privilege)
        </Text>
        <Table aria-label="Preset permissions" mt={4}>
          <TableHead columns={['Resource', 'Action', 'Why replication needs it']} />
          <Table.Tbody>
            {preset.map((p) => (
              <Table.Tr key={`${p.resource}:${p.action}`}>
                <Table.Td>{p.resource}</Table.Td>
                <Table.Td>{p.action}</Table.Td>
                <Table.Td>{p.why}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <RobotField.SwitchField
        name="customize"
        label="Edit permissions (advanced)"
        description="Replace the preset. Harbor refuses push without pull."
      />
      {customize && <CustomAccess />}
    </>
  );
}
