// A failure explained three ways: what went wrong in plain words, what Harbor itself answered
// (verbatim, so it can be searched), and what to do about it.
import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import IconAlertTriangle from '@tabler/icons-react/icons/IconAlertTriangle';

import { ApiRequestError } from '../lib/api-client.ts';

type Props = {
  error: unknown;
  /** Title when the error carries none of its own, e.g. "Could not connect to the target Harbor". */
  title?: string;
  onRetry?: () => void;
  retryLabel?: string;
  /** Extra ways out, e.g. "Change the rule name" after a 409 that asks for a rename. */
  actions?: ReactNode;
};

export function ErrorCallout({ error, title, onRetry, retryLabel = 'Retry', actions }: Props) {
  if (!error) return null;
  const apiError = error instanceof ApiRequestError ? error : null;
  const message = apiError ? apiError.message : error instanceof Error ? error.message : 'Unexpected error.';
  const harbor = apiError?.body.harbor;
  const harborMessages = harbor?.errors ?? [];
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={title ?? message}
      icon={<IconAlertTriangle size={20} aria-hidden />}
    >
      <Stack gap="xs">
        {title && <Text size="sm">{message}</Text>}
        {harborMessages.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Harbor answered
              {harbor?.status
                ? ` (HTTP ${harbor.status}${harbor.operation ? `, ${harbor.operation}` : ''})`
                : ''}
              :
            </Text>
            {harborMessages.map((m) => (
              <Code key={`${m.code}:${m.message}`} block>
                {m.code}: {m.message}
              </Code>
            ))}
          </div>
        )}
        {apiError?.body.issues && apiError.body.issues.length > 0 && (
          <List size="sm">
            {apiError.body.issues.map((issue) => (
              <List.Item key={`${issue.path}:${issue.message}`}>
                {issue.path ? `${issue.path}: ` : ''}
                {issue.message}
              </List.Item>
            ))}
          </List>
        )}
        {apiError?.body.hint && (
          <Text size="sm">
            <strong>How to fix: </strong>
            {apiError.body.hint}
          </Text>
        )}
        {apiError?.isStaleSetup && (
          <Group>
            {/* Only a reload shows what the other tab did; a retry would be refused again. */}
            <Button size="xs" color="red" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </Group>
        )}
        {!apiError?.isStaleSetup && (onRetry || actions) && (
          <Group>
            {onRetry && (
              <Button size="xs" variant="outline" color="red" onClick={onRetry}>
                {retryLabel}
              </Button>
            )}
            {actions}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
