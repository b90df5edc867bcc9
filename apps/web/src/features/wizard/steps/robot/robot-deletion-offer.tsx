// An event-based rule that replicates deletions needs a robot that may delete: the robot this setup
// made gets the permissions in one click (its secret stays); a robot it did not make is replaced.
import type { SetupState } from '@hw/wizard-api';
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { useAddDeletionPermissions } from '@/features/wizard/steps/robot/api/add-deletion-permissions.ts';

const canDelete = (robot: NonNullable<SetupState['robot']>) =>
  robot.access.some((a) => a.action === 'delete');

export function RobotDeletionOffer({ wanted }: { wanted: boolean }) {
  const { setup, goTo } = useWizard();
  const add = useAddDeletionPermissions(setup.id);
  const robot = setup.robot;
  if (setup.mode !== 'push' || !robot) return null;
  const ruleWantsDeletions = setup.rule?.deletion === true;

  if (canDelete(robot)) {
    if (!add.isSuccess) return null;
    return (
      <Alert role="status" color="green" title="Deletion permissions added">
        <Stack gap="xs">
          <Text size="sm">
            <Code>{robot.name}</Code> may now delete repositories and tags in “{robot.project}”. Its secret
            did not change, so the endpoint keeps working.
          </Text>
          {setup.rule && (
            <Group>
              <Button size="xs" onClick={() => goTo('rule')}>
                Back to the rule
              </Button>
            </Group>
          )}
        </Stack>
      </Alert>
    );
  }
  if (!wanted && !ruleWantsDeletions) return null;

  const ours = setup.created.some((c) => c.kind === 'robot' && c.id === robot.id && c.side === robot.side);
  if (!ours) {
    return (
      <Alert role="note" color="orange" title={`${robot.name} cannot delete`}>
        This setup did not create <Code>{robot.name}</Code>, so the wizard does not change its permissions.
        Create a robot under another name with “Allow replicating deletions”: the wizard hands the endpoint
        the new robot. <Code>{robot.name}</Code> then stays in Harbor with its permissions (it can still push)
        until you delete it there.
      </Alert>
    );
  }
  return (
    <Alert role="note" color="orange" title={`${robot.name} cannot delete yet`}>
      <Stack gap="xs">
        <Text size="sm">
          {ruleWantsDeletions
            ? 'The rule replicates deletions, so the robot needs repository delete and tag delete. '
            : ''}
          The wizard created this robot: it can add the permissions in place. The secret stays the same, so
          the endpoint keeps working.
        </Text>
        <Group>
          <Button size="xs" loading={add.isPending} onClick={() => add.mutate(undefined)}>
            Add the deletion permissions to {robot.name}
          </Button>
        </Group>
        <ErrorCallout error={add.error} title="Could not update the robot account" />
      </Stack>
    </Alert>
  );
}
