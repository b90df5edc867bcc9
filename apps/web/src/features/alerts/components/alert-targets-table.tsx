// The configured webhook targets, each with a test alert and (unless it comes from the server's
// environment) deletion after a confirmation.
import type { AlertTarget } from '@hw/wizard-api';
import { Alert, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { TableHead } from '@/components/table-head.tsx';
import {
  useAlertTargets,
  useDeleteAlertTarget,
  useSendTestAlert,
} from '@/features/alerts/api/alert-targets.ts';
import { deliveryWords, formatWord } from '@/features/alerts/alert-words.ts';

function originWords(origin: AlertTarget['origin']): string {
  return origin === 'environment' ? 'Server environment (ALERT_WEBHOOKS)' : 'Added here';
}

function TestOutcome({
  test,
  targets,
}: {
  test: ReturnType<typeof useSendTestAlert>;
  targets: AlertTarget[];
}) {
  const name = targets.find((t) => t.id === test.variables)?.name ?? 'the target';
  if (test.error)
    return <ErrorCallout error={test.error} title={`Could not send a test alert to “${name}”`} />;
  if (!test.data) return null;
  const delivery = test.data.deliveries.find((d) => d.targetId === test.variables);
  const ok = delivery?.status === 'sent';
  return (
    <Alert
      role="status"
      color={ok ? 'green' : 'red'}
      title={ok ? `Test alert delivered to “${name}”` : `Test alert not delivered to “${name}”`}
    >
      {delivery ? deliveryWords(delivery) : 'The server recorded no delivery to this target.'}
    </Alert>
  );
}

function DeleteConfirmation({ target, onClose }: { target: AlertTarget; onClose: () => void }) {
  const remove = useDeleteAlertTarget();
  return (
    <Modal opened onClose={onClose} title={`Delete the target “${target.name}”?`}>
      <Stack gap="sm">
        <Text size="sm">
          The server stops sending alerts to {target.maskedUrl}. The alert history keeps what was already
          sent.
        </Text>
        <ErrorCallout error={remove.error} title="Could not delete the target" />
        <Group>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(target.id, { onSuccess: onClose })}
          >
            Delete target
          </Button>
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AlertTargetsTable() {
  const targets = useAlertTargets();
  const test = useSendTestAlert();
  const [deleting, setDeleting] = useState<AlertTarget | null>(null);

  return (
    <Stack gap="sm" component="section" aria-labelledby="alert-targets-title">
      <Title order={2} size="h4" id="alert-targets-title">
        Webhook targets
      </Title>
      {targets.isPending && <PageLoader label="Loading the webhook targets…" />}
      <ErrorCallout
        error={targets.error}
        title="Could not load the webhook targets"
        onRetry={() => void targets.refetch()}
      />
      {targets.data?.length === 0 && (
        <Text size="sm">
          No target yet: alerts are only recorded in the history below. Add one with the form.
        </Text>
      )}
      {targets.data && targets.data.length > 0 && (
        <Table aria-label="Webhook targets">
          <TableHead columns={['Name', 'Format', 'Address', 'Origin', 'Actions']} />
          <Table.Tbody>
            {targets.data.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{formatWord(t.format)}</Table.Td>
                <Table.Td>{t.maskedUrl}</Table.Td>
                <Table.Td>{originWords(t.origin)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" role="group" aria-label={`Actions for ${t.name}`}>
                    <Button
                      size="xs"
                      variant="light"
                      loading={test.isPending && test.variables === t.id}
                      onClick={() => test.mutate(t.id)}
                    >
                      Send a test alert
                    </Button>
                    {t.origin === 'ui' ? (
                      <Button size="xs" variant="default" onClick={() => setDeleting(t)}>
                        Delete
                      </Button>
                    ) : (
                      <Text size="xs" c="dimmed">
                        Change it in the server&apos;s ALERT_WEBHOOKS
                      </Text>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {targets.data && <TestOutcome test={test} targets={targets.data} />}
      {deleting && <DeleteConfirmation target={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}
