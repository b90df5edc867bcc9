// One row per watched rule. Presentational: the page passes the rows (already filtered and sorted)
// and the current time for the countdowns.
import type { WatchSummary } from '@hw/wizard-api';
import { Group, Table, Text } from '@mantine/core';

import { TableHead } from '@/components/table-head.tsx';

import { EndpointHealth } from './endpoint-health.tsx';
import { LastExecutionCell } from './last-execution-cell.tsx';
import { RecentRunsChart } from './recent-runs-chart.tsx';
import { RobotExpiry } from './robot-expiry.tsx';
import { RuleCell } from './rule-cell.tsx';
import { VerdictBadge } from './verdict-badge.tsx';

const COLUMNS = [
  'Verdict',
  'Rule',
  'Last execution',
  'Recent executions',
  'Failures in a row',
  'Robot expiry',
  'Endpoint health',
];

export function WatchTable({ watches, nowMs }: { watches: readonly WatchSummary[]; nowMs: number }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table aria-label="Replications" verticalSpacing="sm" highlightOnHover>
        <TableHead columns={COLUMNS} />
        <Table.Tbody>
          {watches.map((watch) => (
            <Table.Tr key={watch.id} data-watch-id={watch.id}>
              <Table.Td maw={280}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <VerdictBadge verdict={watch.verdict} />
                  <Text size="sm" lineClamp={1} title={watch.reason}>
                    {watch.reason}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <RuleCell watch={watch} />
              </Table.Td>
              <Table.Td>
                <LastExecutionCell execution={watch.lastExecution} nowMs={nowMs} />
              </Table.Td>
              <Table.Td>
                <RecentRunsChart runs={watch.recent} />
              </Table.Td>
              <Table.Td>{watch.consecutiveFailures}</Table.Td>
              <Table.Td>
                <RobotExpiry watch={watch} nowMs={nowMs} />
              </Table.Td>
              <Table.Td>
                <EndpointHealth watch={watch} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
