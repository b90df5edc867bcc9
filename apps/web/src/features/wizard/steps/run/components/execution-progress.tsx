// One execution: progress from Harbor's task counters, the counters themselves, and Stop.
import type { Execution } from '@hw/wizard-api';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useStopExecution } from '@/features/wizard/steps/run/api/executions.ts';
import {
  durationSeconds,
  formatDuration,
  formatTime,
  progressOf,
} from '@/features/wizard/steps/run/components/format.ts';
import { StatusBadge } from '@/features/wizard/steps/run/components/status-badge.tsx';
import { triggerWord } from '@/features/wizard/utils/harbor-words.ts';

export function ExecutionProgress({ setupId, execution }: { setupId: string; execution: Execution }) {
  const stop = useStopExecution(setupId, execution.id);
  const progress = progressOf(execution);
  const color = execution.failed > 0 ? 'red' : execution.final ? 'green' : 'blue';
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600}>Execution {execution.id}</Text>
          <StatusBadge status={execution.status} text={execution.statusText} />
          <Text size="sm" c="dimmed">
            {triggerWord(execution.trigger)} · started {formatTime(execution.startTime)} ·{' '}
            {formatDuration(durationSeconds(execution.startTime, execution.endTime))}
          </Text>
        </Group>
        {!execution.final && (
          <Button
            color="red"
            variant="light"
            size="xs"
            loading={stop.isPending}
            onClick={() => stop.mutate()}
          >
            Stop
          </Button>
        )}
      </Group>
      <Progress
        value={progress.percent}
        color={color}
        size="lg"
        striped={!execution.final}
        animated={!execution.final}
        aria-label={`Execution ${execution.id} progress`}
      />
      <Text size="sm" role="status" aria-label="Task counters">
        {progress.done} of {progress.total} tasks done ({progress.percent} %) · {execution.succeed} succeeded
        · {execution.failed} failed · {execution.stopped} stopped · {execution.inProgress} in progress
      </Text>
      <ErrorCallout error={stop.error} title="Could not stop the execution" />
    </Stack>
  );
}
