// The cron assistant: Harbor's six-field cron (seconds first, must be 0) made approachable —
// presets, a free field that adds the leading "0 " to a classic five-field cron, the schedule in
// plain English, the next runs in UTC (where jobservice runs them) and in the browser's time zone,
// and Harbor's own error messages.
import {
  CRON_PRESETS,
  describeCron,
  nextCronRuns,
  normalizeCronInput,
  validateReplicationCron,
} from '@hw/harbor-client';
import type { HarborVersion } from '@hw/harbor-client';
import { Button, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { TableHead } from '@/components/table-head.tsx';

type Props = {
  value: string;
  onChange: (cron: string) => void;
  onBlur?: () => void;
  version?: HarborVersion;
};

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const format = (date: Date, timeZone: string) =>
  date.toLocaleString(undefined, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export function CronAssistant({ value, onChange, onBlur, version }: Props) {
  // What the operator typed; the form holds the normalized cron Harbor will get.
  const [typed, setTyped] = useState(value);
  const cron = normalizeCronInput(typed);
  const check = cron ? validateReplicationCron(cron, version) : null;
  const description = check?.ok ? describeCron(cron) : '';
  const runs = check?.ok ? nextCronRuns(cron, { count: 5 }) : [];
  const activePreset = CRON_PRESETS.find((p) => p.cron === cron);

  const set = (next: string) => {
    setTyped(next);
    onChange(normalizeCronInput(next));
  };

  return (
    <Stack gap="sm">
      <div role="group" aria-label="Schedule presets">
        <Text size="sm" fw={500} mb={4}>
          Presets
        </Text>
        <Group gap="xs">
          {CRON_PRESETS.map((preset) => (
            <Button
              key={preset.id}
              size="compact-sm"
              variant={activePreset?.id === preset.id ? 'filled' : 'light'}
              aria-pressed={activePreset?.id === preset.id}
              onClick={() => set(preset.cron)}
            >
              {preset.label}
            </Button>
          ))}
        </Group>
      </div>
      <TextInput
        label="Cron String"
        description="Six fields, in UTC: seconds (always 0), minutes, hours, day of month, month, day of week. A classic five-field cron gets the leading “0 ” added."
        placeholder="0 0 2 * * *"
        required
        value={typed}
        onChange={(event) => set(event.currentTarget.value)}
        onBlur={() => {
          if (typed !== cron) setTyped(cron);
          onBlur?.();
        }}
        error={check && !check.ok ? check.message : undefined}
        ff="monospace"
      />
      {cron && cron !== typed.trim() && check?.ok && (
        <Text size="sm" role="status">
          Harbor will get <Code>{cron}</Code>.
        </Text>
      )}
      {description && (
        <Text size="sm" fw={600} role="status" aria-label="Schedule in plain English">
          {description}
        </Text>
      )}
      {runs.length > 0 && (
        <Table aria-label="Next 5 runs" withTableBorder>
          <TableHead columns={['Run', 'UTC', `Your time (${localZone})`]} />
          <Table.Tbody>
            {runs.map((run, index) => (
              <Table.Tr key={run.toISOString()}>
                <Table.Td>{index + 1}</Table.Td>
                <Table.Td>{format(run, 'UTC')}</Table.Td>
                <Table.Td>{format(run, localZone)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
