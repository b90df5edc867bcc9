// Recent executions over time: duration per run, coloured by status. Loaded lazily (recharts), and so
// is its data: the last RECENT_EXECUTIONS executions, independent of the table's page and filter.
import '@mantine/charts/styles.css';

import type { Execution } from '@hw/wizard-api';
import { BarChart } from '@mantine/charts';
import { Stack, Text } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { RECENT_EXECUTIONS, useRecentExecutions } from '@/features/wizard/steps/run/api/executions.ts';
import { durationSeconds } from '@/features/wizard/steps/run/components/format.ts';
import { statusWord } from '@/features/wizard/utils/harbor-words.ts';

const SERIES = [
  { name: 'Succeed', label: statusWord('Succeed'), color: 'green.6' },
  { name: 'Failed', label: statusWord('Failed'), color: 'red.6' },
  { name: 'Stopped', label: statusWord('Stopped'), color: 'gray.6' },
  { name: 'InProgress', label: statusWord('InProgress'), color: 'blue.6' },
];

export function RecentExecutionsChart({ setupId }: { setupId: string }) {
  const recent = useRecentExecutions(setupId);
  if (recent.isPending) return <PageLoader label="Loading the recent executions…" />;
  if (recent.isError)
    return (
      <ErrorCallout
        error={recent.error}
        title="Could not load the recent executions"
        onRetry={() => void recent.refetch()}
      />
    );
  const { items, total } = recent.data;
  if (items.length < 2) return null;
  const caption =
    total > items.length
      ? `Duration and status of the last ${items.length} of ${total} executions`
      : `Duration and status of all ${items.length} executions`;
  return (
    <Stack gap={4} component="figure" m={0}>
      <Text size="sm" fw={600} component="figcaption">
        {caption}
      </Text>
      <ExecutionsChart executions={items} />
      {total > RECENT_EXECUTIONS && (
        <Text size="xs" c="dimmed">
          Older executions are in the table above.
        </Text>
      )}
    </Stack>
  );
}

export function ExecutionsChart({ executions }: { executions: Execution[] }) {
  const data = [...executions]
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .map((e) => {
      const row: Record<string, string | number> = {
        execution: `#${e.id} ${new Date(e.startTime).toLocaleTimeString()}`,
      };
      const status = SERIES.some((s) => s.name === e.status) ? e.status : 'InProgress';
      row[status] = durationSeconds(e.startTime, e.endTime) ?? 0;
      return row;
    });
  return (
    <BarChart
      h={220}
      data={data}
      dataKey="execution"
      type="stacked"
      series={SERIES}
      yAxisLabel="seconds"
      withLegend
      // A run of under a second (0 s in Harbor's whole seconds) still shows as a sliver in its status
      // colour; the other statuses of that row have no value and stay invisible.
      barProps={{ minPointSize: (value) => (value === 0 ? 3 : 0) }}
      aria-label="Duration and status of recent executions"
    />
  );
}
