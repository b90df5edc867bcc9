// A row-sized chart of recent executions: one bar per run (height = duration, colour = status),
// oldest left, with the counts in words beside it. Plain SVG: recharts is too heavy for every row.
import type { WatchSummary } from '@hw/wizard-api';
import { Stack, Text } from '@mantine/core';

import { formatDuration, STATUS_COLORS } from '@/features/wizard/steps/run/components/format.ts';
import { statusWord } from '@/features/wizard/utils/harbor-words.ts';

type Run = WatchSummary['recent'][number];

const BAR = 6;
const GAP = 2;
const HEIGHT = 24;

function countsInWords(runs: readonly Run[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${n} ${statusWord(status).toLowerCase()}`)
    .join(' · ');
}

export function RecentRunsChart({ runs }: { runs: readonly Run[] }) {
  if (runs.length === 0)
    return (
      <Text size="xs" c="dimmed">
        No executions yet
      </Text>
    );
  const oldestFirst = [...runs].reverse();
  const longest = Math.max(1, ...oldestFirst.map((r) => r.durationSeconds ?? 0));
  const words = countsInWords(runs);
  return (
    <Stack gap={2}>
      <svg
        role="img"
        aria-label={`Last ${runs.length} executions: ${words}`}
        width={oldestFirst.length * (BAR + GAP)}
        height={HEIGHT}
      >
        {oldestFirst.map((run, i) => {
          const h = Math.max(3, Math.round(((run.durationSeconds ?? 0) / longest) * HEIGHT));
          return (
            <rect
              key={run.id}
              x={i * (BAR + GAP)}
              y={HEIGHT - h}
              width={BAR}
              height={h}
              fill={`var(--mantine-color-${STATUS_COLORS[run.status] ?? 'gray'}-6)`}
            >
              <title>{`#${run.id} ${statusWord(run.status)}, ${formatDuration(run.durationSeconds)}`}</title>
            </rect>
          );
        })}
      </svg>
      <Text size="xs" c="dimmed" aria-hidden>
        {words}
      </Text>
    </Stack>
  );
}
