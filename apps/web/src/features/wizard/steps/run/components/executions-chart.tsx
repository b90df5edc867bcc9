// Recent executions over time: duration per run, coloured by status. Loaded lazily (recharts).
import '@mantine/charts/styles.css';

import type { Execution } from '@hw/wizard-api';
import { BarChart } from '@mantine/charts';

import { durationSeconds } from './format.ts';

const SERIES = [
  { name: 'Succeed', label: 'Succeeded', color: 'green.6' },
  { name: 'Failed', label: 'Failed', color: 'red.6' },
  { name: 'Stopped', label: 'Stopped', color: 'gray.6' },
  { name: 'InProgress', label: 'In progress', color: 'blue.6' },
];

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
      aria-label="Duration and status of recent executions"
    />
  );
}
