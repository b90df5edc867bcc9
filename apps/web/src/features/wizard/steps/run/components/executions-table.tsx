// Harbor's executions grid: ID, status, trigger, start, duration, success rate, total.
import type { Execution } from '@hw/wizard-api';
import { Button, Group, Pagination, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

import { paginationLabels } from '@/components/pagination-labels.ts';
import {
  durationSeconds,
  formatDuration,
  formatTime,
  successRate,
} from '@/features/wizard/steps/run/components/format.ts';
import { StatusBadge } from '@/features/wizard/steps/run/components/status-badge.tsx';
import { triggerWord } from '@/features/wizard/utils/harbor-words.ts';
import { TableHead } from '@/components/table-head.tsx';

type Props<E extends Execution> = {
  executions: E[];
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Shown beside an execution's ID, e.g. the Replications page's "archived" marker. */
  renderMarker?: (execution: E) => ReactNode;
  emptyText?: string;
};

export function ExecutionsTable<E extends Execution>({
  executions,
  total,
  page,
  pageSize,
  onPage,
  selectedId,
  onSelect,
  renderMarker,
  emptyText = 'No executions yet. Click “Replicate now” to start one.',
}: Props<E>) {
  if (executions.length === 0) return <Text size="sm">{emptyText}</Text>;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Executions" highlightOnHover>
          <TableHead
            columns={['ID', 'Status', 'Trigger', 'Start time', 'Duration', 'Success rate', 'Total']}
          />
          <Table.Tbody>
            {executions.map((e) => (
              <Table.Tr
                key={e.id}
                aria-selected={e.id === selectedId}
                bg={e.id === selectedId ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => onSelect(e.id)}
                      aria-label={`Show execution ${e.id}`}
                    >
                      {e.id}
                    </Button>
                    {renderMarker?.(e)}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={e.status} text={e.statusText} />
                </Table.Td>
                <Table.Td>{triggerWord(e.trigger)}</Table.Td>
                <Table.Td>{formatTime(e.startTime)}</Table.Td>
                <Table.Td>{formatDuration(durationSeconds(e.startTime, e.endTime))}</Table.Td>
                <Table.Td>{successRate(e)}</Table.Td>
                <Table.Td>{e.total}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onPage}
          size="sm"
          {...paginationLabels('Executions')}
        />
      )}
    </>
  );
}
