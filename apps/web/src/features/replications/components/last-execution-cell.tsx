// The last execution in words: status, when, how long, how far.
import type { WatchSummary } from '@hw/wizard-api';
import { Stack, Text } from '@mantine/core';

import {
  durationSeconds,
  formatDuration,
  progressOf,
} from '@/features/wizard/steps/run/components/format.ts';
import { StatusBadge } from '@/features/wizard/steps/run/components/status-badge.tsx';

import { LocalTime } from './times.tsx';

export function LastExecutionCell({
  execution,
  nowMs,
}: {
  execution: WatchSummary['lastExecution'];
  nowMs: number;
}) {
  if (!execution)
    return (
      <Text size="sm" c="dimmed">
        None yet
      </Text>
    );
  const progress = progressOf(execution);
  const seconds = execution.durationSeconds ?? durationSeconds(execution.startTime, execution.endTime, nowMs);
  return (
    <Stack gap={2} align="flex-start">
      <StatusBadge status={execution.status} />
      <Text size="sm">
        <LocalTime iso={execution.startTime} /> · {formatDuration(seconds)}
      </Text>
      <Text size="sm">
        {progress.done} of {progress.total} tasks done
        {execution.failed > 0 ? ` · ${execution.failed} failed` : ''}
      </Text>
    </Stack>
  );
}
