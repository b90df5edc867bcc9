// The execution timeline of one watch: the executions (with the ones only the archive still has
// marked "archived"), the tasks of the selected one and their logs inline; the run step's tables.
import type { WatchExecution } from '@hw/wizard-api';
import { Badge, Card, Stack, Text, Title, Tooltip } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { ExecutionsTable } from '@/features/wizard/steps/run/components/executions-table.tsx';
import { StatusBadge } from '@/features/wizard/steps/run/components/status-badge.tsx';
import { TasksTableView } from '@/features/wizard/steps/run/components/tasks-table.tsx';

import {
  useWatchExecutions,
  useWatchTasks,
  WATCH_EXECUTIONS_PAGE_SIZE,
  WATCH_TASKS_PAGE_SIZE,
} from '../api/watch-executions.ts';
import { LocalTime } from './times.tsx';

const WatchTaskLog = lazy(() => import('./watch-task-log.tsx').then((m) => ({ default: m.WatchTaskLog })));

function ArchivedMarker({ execution }: { execution: WatchExecution }) {
  if (!execution.archivedOnly) return null;
  return (
    <Tooltip label="Harbor has deleted this execution; it is shown from the wizard's archive.">
      <Badge size="xs" variant="outline" color="gray" tt="none">
        archived
      </Badge>
    </Tooltip>
  );
}

function WatchTasks({ watchId, execution }: { watchId: string; execution: WatchExecution }) {
  const [page, setPage] = useState(1);
  const tasks = useWatchTasks(watchId, execution.id, page);
  return (
    <Stack gap="xs">
      {execution.archivedOnly && (
        <Text size="sm" c="dimmed">
          The archive keeps the failed tasks of an execution Harbor has deleted, with the end of their logs.
        </Text>
      )}
      <TasksTableView
        tasks={tasks}
        page={page}
        pageSize={WATCH_TASKS_PAGE_SIZE}
        onPage={setPage}
        running={!execution.final}
        renderLog={(taskId) => <WatchTaskLog watchId={watchId} executionId={execution.id} taskId={taskId} />}
      />
    </Stack>
  );
}

export function WatchTimeline({ watchId }: { watchId: string }) {
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const executions = useWatchExecutions(watchId, page);
  if (executions.isPending) return <PageLoader label="Loading the executions…" />;
  if (executions.isError)
    return (
      <ErrorCallout
        error={executions.error}
        title="Could not load the executions"
        onRetry={() => void executions.refetch()}
      />
    );
  const { items, total } = executions.data;
  const selected = items.find((e) => e.id === selectedId) ?? (selectedId === null ? items[0] : undefined);
  return (
    <Stack gap="md">
      <ExecutionsTable
        executions={items}
        total={total}
        page={page}
        pageSize={WATCH_EXECUTIONS_PAGE_SIZE}
        onPage={setPage}
        selectedId={selected?.id ?? null}
        onSelect={setSelectedId}
        renderMarker={(e) => <ArchivedMarker execution={e} />}
        emptyText="Harbor has no executions of this rule yet; they appear here when the rule runs."
      />
      {selected && (
        <Card withBorder component="section" aria-label={`Execution ${selected.id}`}>
          <Stack gap="sm">
            <Title order={3} size="h5">
              Execution {selected.id} <StatusBadge status={selected.status} />{' '}
              <ArchivedMarker execution={selected} />
            </Title>
            <Text size="sm">
              Started <LocalTime iso={selected.startTime} />
              {selected.statusText ? ` · ${selected.statusText}` : ''}
            </Text>
            <Suspense fallback={<PageLoader label="Loading the log viewer…" />}>
              <WatchTasks key={selected.id} watchId={watchId} execution={selected} />
            </Suspense>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
