// One row per watched rule. Presentational: the page passes the rows (already filtered and sorted)
// and the current time for the countdowns.
import type { WatchSummary } from '@hw/wizard-api';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useLocation } from 'wouter';

import { TableHead } from '@/components/table-head.tsx';
import { paths } from '@/config/paths.ts';
import { REPAIR_LABELS, suggestedRepairs } from '@/features/repair/suggested-repairs.ts';

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

/** The repairs that answer the row's verdict, each opening its options on the rule's page. */
function RepairShortcuts({ watch }: { watch: WatchSummary }) {
  const [, navigate] = useLocation();
  const kinds = suggestedRepairs(watch);
  if (kinds.length === 0) return null;
  return (
    <Group gap={4}>
      {kinds.map((kind) => (
        <Button
          key={kind}
          size="compact-xs"
          variant="light"
          aria-description={`for ${watch.rule.name}`}
          onClick={() => navigate(paths.replication.repairHref(watch.id, kind))}
        >
          {REPAIR_LABELS[kind]}
        </Button>
      ))}
    </Group>
  );
}

export function WatchTable({ watches, nowMs }: { watches: readonly WatchSummary[]; nowMs: number }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table aria-label="Replications" verticalSpacing="sm" highlightOnHover>
        <TableHead columns={COLUMNS} />
        <Table.Tbody>
          {watches.map((watch) => (
            <Table.Tr key={watch.id} data-watch-id={watch.id}>
              <Table.Td maw={280}>
                <Stack gap={4}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <VerdictBadge verdict={watch.verdict} />
                    <Text size="sm" lineClamp={1} title={watch.reason}>
                      {watch.reason}
                    </Text>
                  </Group>
                  <RepairShortcuts watch={watch} />
                </Stack>
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
