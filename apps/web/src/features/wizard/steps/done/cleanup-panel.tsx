// Guided clean-up: first what would be deleted (dependents first), then delete after confirming.
import type { CleanupResult } from '@hw/wizard-api';
import { Badge, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useCleanup } from '@/features/wizard/steps/done/api/finish.ts';
import { cleanupStatusWord, kindWord } from '@/features/wizard/utils/harbor-words.ts';

const STATUS_COLORS: Record<CleanupResult['steps'][number]['status'], string> = {
  deleted: 'green',
  'already-gone': 'gray',
  failed: 'red',
  skipped: 'blue',
};

function ResultTable({ result, label }: { result: CleanupResult; label: string }) {
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Harbor</Table.Th>
          <Table.Th>Object</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>What happened</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {result.steps.map((s) => (
          <Table.Tr key={`${s.side}-${s.kind}-${s.id}`}>
            <Table.Td>{s.side}</Table.Td>
            <Table.Td>
              {kindWord(s.kind)} “{s.name}”
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLORS[s.status]} variant="light" tt="none">
                {cleanupStatusWord(s.status)}
              </Badge>
            </Table.Td>
            <Table.Td>{s.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CleanupPanel({ setupId, createdCount }: { setupId: string; createdCount: number }) {
  const plan = useCleanup(setupId);
  const run = useCleanup(setupId);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <Stack gap="sm" component="section" aria-labelledby="cleanup-title">
      <Title order={3} size="h4" id="cleanup-title">
        Clean up
      </Title>
      <Text size="sm">
        Removes what this setup created ({createdCount} objects): the rule first, then the endpoint, the robot
        account and the project. Objects that existed before are never touched.
      </Text>
      <Group>
        <Button
          variant="default"
          onClick={() => plan.mutate(true)}
          loading={plan.isPending}
          disabled={createdCount === 0}
        >
          Preview clean-up
        </Button>
      </Group>
      <ErrorCallout error={plan.error} title="Could not plan the clean-up" />
      {plan.data && (
        <>
          <ResultTable result={plan.data} label="Clean-up plan" />
          <Checkbox
            label="I understand these objects will be deleted from Harbor"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.currentTarget.checked)}
          />
          <Group>
            <Button
              color="red"
              disabled={!confirmed}
              loading={run.isPending}
              onClick={() => run.mutate(false)}
            >
              Delete created objects
            </Button>
          </Group>
        </>
      )}
      <ErrorCallout error={run.error} title="The clean-up failed" />
      {run.data && <ResultTable result={run.data} label="Clean-up result" />}
    </Stack>
  );
}
