// What a flow learned along the way: the expiry Harbor will store (UTC and local), warnings, the
// job service queue, the runbook when nothing else worked, and notes for the whole flow.
import type { RepairFlow } from '@hw/wizard-api';
import { Alert, List, Stack, Text, Title } from '@mantine/core';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2027-03-01 12:00:05 UTC": to the second, as Harbor stores it. */
function utcSeconds(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

export function ExpiryValue({ unixSeconds }: { unixSeconds: number }) {
  if (unixSeconds === -1) return <>Never expires</>;
  const d = new Date(unixSeconds * 1000);
  return (
    <time dateTime={d.toISOString()}>
      {utcSeconds(d)} ({d.toLocaleString()} local time)
    </time>
  );
}

export function RepairFacts({ flow }: { flow: RepairFlow }) {
  return (
    <Stack gap="sm">
      {flow.resultingExpiry !== null && (
        <Text aria-label="Resulting expiry">
          <strong>Expiry after the change:</strong> <ExpiryValue unixSeconds={flow.resultingExpiry} />
        </Text>
      )}
      {flow.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title="Warnings">
          <List size="sm">
            {flow.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {flow.queue && (
        <Stack gap={4} component="section" aria-labelledby="repair-queue">
          <Title order={3} size="h5" id="repair-queue">
            Job service replication queue
          </Title>
          <Text size="sm">
            {flow.queue.count} pending job{flow.queue.count === 1 ? '' : 's'}, the oldest waiting{' '}
            {flow.queue.latencySeconds} s; {flow.queue.paused ? 'paused' : 'not paused'}.
          </Text>
        </Stack>
      )}
      {flow.runbook.length > 0 && (
        <Stack gap={4} component="section" aria-labelledby="repair-runbook">
          <Title order={3} size="h5" id="repair-runbook">
            What is left to try
          </Title>
          <List type="ordered" size="sm">
            {flow.runbook.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      {flow.notes.length > 0 && (
        <List size="sm" aria-label="Notes">
          {flow.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
