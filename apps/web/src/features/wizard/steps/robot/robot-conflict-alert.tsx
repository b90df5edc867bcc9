// Harbor answered 409 for the robot name: reuse the existing robot (Harbor refreshes its secret) or
// pick another name.
import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';

import type { ApiRequestError } from '@/lib/api-error.ts';

type Props = {
  conflict: ApiRequestError;
  onReuse: () => void;
  onRename: () => void;
};

export function RobotConflictAlert({ conflict, onReuse, onRename }: Props) {
  return (
    <Alert color="yellow" title="A robot account with this name already exists" role="alert">
      <Stack gap="xs">
        <Text size="sm">{conflict.message}</Text>
        {conflict.harborMessage && (
          <Text size="sm">
            Harbor answered: <Code>{conflict.harborMessage}</Code>
          </Text>
        )}
        {conflict.body.hint && <Text size="sm">{conflict.body.hint}</Text>}
        <Group>
          {conflict.body.conflict?.options.includes('reuse') && (
            <Button variant="light" onClick={onReuse}>
              Reuse it with a new secret
            </Button>
          )}
          <Button variant="default" onClick={onRename}>
            Choose another name
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
