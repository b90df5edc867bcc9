// Harbor's task grid for one execution, with each task's log inline (loaded on demand).
import { parseTaskResource } from '@hw/harbor-client';
import type { Task } from '@hw/wizard-api';
import { Button, Code, Pagination, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';

import { PageLoader } from '../../../../../components/page-loader.tsx';
import { ErrorCallout } from '../../../../../components/error-callout.tsx';
import { TASKS_PAGE_SIZE, useTasks } from '../api/tasks.ts';
import { formatTime } from './format.ts';
import { StatusBadge } from './status-badge.tsx';
import { paginationLabels } from '../../../../../components/pagination-labels.ts';
import { TableHead } from '@/components/table-head.tsx';

/** A repository path that may break after each "/" (never inside a name unless a segment alone is too wide). */
function RepositoryPath({ path }: { path: string }) {
  const parts = path.split('/');
  return (
    <Code style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </Code>
  );
}

/** Harbor writes "project/repo [3 item(s) in total]"; show the name with the count beside it. */
function ResourceName({ resource, showCount }: { resource: string; showCount: boolean }) {
  const parsed = parseTaskResource(resource);
  if (!parsed) return <RepositoryPath path={resource} />;
  return (
    <>
      <RepositoryPath path={parsed.repository} />
      {showCount && (
        <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {' '}
          ({parsed.items} {parsed.items === 1 ? 'artifact' : 'artifacts'})
        </Text>
      )}
    </>
  );
}

/** Source on one line, destination on the next: long names wrap at "/" and stay readable. */
function SourceToDestination({ task }: { task: Task }) {
  return (
    <Stack gap={2} miw={180}>
      <div>
        <ResourceName resource={task.source} showCount />
      </div>
      <div>
        <Text span aria-hidden>
          →{' '}
        </Text>
        <VisuallyHidden>to </VisuallyHidden>
        <ResourceName resource={task.destination} showCount={false} />
      </div>
    </Stack>
  );
}

const TaskLogViewer = lazy(() => import('./task-log-viewer.tsx').then((m) => ({ default: m.TaskLogViewer })));

type Props = {
  setupId: string;
  executionId: number;
  running: boolean;
  /** The tasks (and open logs) arrive by the run step's live stream: no polling, no final read. */
  live?: boolean;
};

export function TasksTable({ setupId, executionId, running, live = false }: Props) {
  const [page, setPage] = useState(1);
  const polled = running && !live;
  const tasks = useTasks(setupId, executionId, page, polled);
  // Polling stops with the execution: fetch once more so the final task states show.
  const wasPolled = useRef(polled);
  const { refetch } = tasks;
  useEffect(() => {
    if (wasPolled.current && !running) void refetch();
    wasPolled.current = polled;
  }, [polled, running, refetch]);
  return (
    <TasksTableView
      tasks={tasks}
      page={page}
      pageSize={TASKS_PAGE_SIZE}
      onPage={setPage}
      running={running}
      renderLog={(taskId) => (
        <TaskLogViewer setupId={setupId} executionId={executionId} taskId={taskId} running={polled} />
      )}
    />
  );
}

type ViewProps = {
  tasks: UseQueryResult<{ items: Task[]; total: number }>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  running: boolean;
  /** The log of one task, shown inline under its row (lazy-loaded by the caller's component). */
  renderLog: (taskId: number) => ReactNode;
};

/** The task grid of a page of tasks the caller loads: the run step's, or a watch's (its archive included). */
export function TasksTableView({ tasks, page, pageSize, onPage, running, renderLog }: ViewProps) {
  const [openLog, setOpenLog] = useState<number | null>(null);
  if (tasks.isPending) return <PageLoader label="Loading the tasks…" />;
  if (tasks.isError)
    return (
      <ErrorCallout
        error={tasks.error}
        title="Could not load the tasks"
        onRetry={() => void tasks.refetch()}
      />
    );
  const { items, total } = tasks.data;
  if (items.length === 0)
    return (
      <Text size="sm">{running ? 'Harbor is preparing the tasks…' : 'This execution has no tasks.'}</Text>
    );
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const columns = 8;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Tasks" striped>
          <TableHead
            columns={[
              'Task ID',
              'Resource type',
              'Source → Destination',
              'Operation',
              'Status',
              'Start',
              'End',
              'Logs',
            ]}
          />
          <Table.Tbody>
            {items.map((task: Task) => (
              <Fragment key={task.id}>
                <Table.Tr>
                  <Table.Td>{task.id}</Table.Td>
                  <Table.Td>{task.resourceType}</Table.Td>
                  <Table.Td>
                    <SourceToDestination task={task} />
                  </Table.Td>
                  <Table.Td>{task.operation}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={task.status} />
                  </Table.Td>
                  <Table.Td>{formatTime(task.startTime)}</Table.Td>
                  <Table.Td>{formatTime(task.endTime)}</Table.Td>
                  <Table.Td>
                    {task.status !== 'Initialized' && (
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        aria-expanded={openLog === task.id}
                        aria-label={`${openLog === task.id ? 'Hide' : 'Show'} log of task ${task.id}`}
                        onClick={() => setOpenLog(openLog === task.id ? null : task.id)}
                      >
                        {openLog === task.id ? 'Hide log' : 'Log'}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
                {openLog === task.id && (
                  <Table.Tr>
                    <Table.Td colSpan={columns}>
                      <Suspense fallback={<PageLoader label="Loading the log viewer…" />}>
                        {renderLog(task.id)}
                      </Suspense>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination total={pages} value={page} onChange={onPage} size="sm" {...paginationLabels('Tasks')} />
      )}
    </>
  );
}
