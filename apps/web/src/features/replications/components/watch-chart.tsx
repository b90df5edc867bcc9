// The run step's chart of recent executions, fed from the watch's timeline (archive included).
// Its own chunk: recharts loads only when a detail page shows it.
import { Stack, Text } from '@mantine/core';

import { ExecutionsChart } from '@/features/wizard/steps/run/components/executions-chart.tsx';

import { useWatchExecutions, WATCH_RECENT_EXECUTIONS } from '../api/watch-executions.ts';

export function WatchChart({ watchId }: { watchId: string }) {
  const recent = useWatchExecutions(watchId, 1, WATCH_RECENT_EXECUTIONS);
  // The timeline right below shows the error, if any.
  if (!recent.data || recent.data.items.length < 2) return null;
  const { items, total } = recent.data;
  return (
    <Stack gap={4} component="figure" m={0}>
      <Text size="sm" fw={600} component="figcaption">
        {total > items.length
          ? `Duration and status of the last ${items.length} of ${total} executions`
          : `Duration and status of all ${items.length} executions`}
      </Text>
      <ExecutionsChart executions={items} />
    </Stack>
  );
}
