// Harbor's task grid for one execution, with each task's log inline (loaded on demand).
import { parseTaskResource } from '@hw/harbor-client';
import type { Task } from '@hw/wizard-api';
import { Button, Code, Pagination, Table, Text } from '@mantine/core';
import { Fragment, lazy, Suspense, useEffect, useRef, useState } from 'react';

import { PageLoader } from '../../../../../components/page-loader.tsx';
import { ErrorCallout } from '../../../../../components/error-callout.tsx';
import { TASKS_PAGE_SIZE, useTasks } from '../api/tasks.ts';
import { formatTime } from './format.ts';
import { StatusBadge } from './status-badge.tsx';
import { paginationLabels } from '../../../../../components/pagination-labels.ts';

/** Harbor writes "project/repo [3 item(s) in total]"; show the name with the count beside it. */
function ResourceName({ resource }: { resource: string }) {
  const parsed = parseTaskResource(resource);
  if (!parsed) return <Code>{resource}</Code>;
  return (
    <>
      <Code>{parsed.repository}</Code>
      <Text span size="xs" c="dimmed">
        {' '}
        ({parsed.items} {parsed.items === 1 ? 'artifact' : 'artifacts'})
      </Text>
    </>
  );
}

const TaskLogViewer = lazy(() => import('./task-log-viewer.tsx').then((m) => ({ default: m.TaskLogViewer })));

type Props = { setupId: string; executionId: number; running: boolean };

export function TasksTable({ setupId, executionId, running }: Props) {
  const [page, setPage] = useState(1);
  const [openLog, setOpenLog] = useState<number | null>(null);
  const tasks = useTasks(setupId, executionId, page, running);
  // Polling stops with the execution: fetch once more so the final task states show.
  const wasRunning = useRef(running);
  const { refetch } = tasks;
  useEffect(() => {
    if (wasRunning.current && !running) void refetch();
    wasRunning.current = running;
  }, [running, refetch]);
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
  const pages = Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE));
  const columns = 8;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Tasks" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task ID</Table.Th>
              <Table.Th>Resource type</Table.Th>
              <Table.Th>Source → Destination</Table.Th>
              <Table.Th>Operation</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Start</Table.Th>
              <Table.Th>End</Table.Th>
              <Table.Th>Logs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((task: Task) => (
              <Fragment key={task.id}>
                <Table.Tr>
                  <Table.Td>{task.id}</Table.Td>
                  <Table.Td>{task.resourceType}</Table.Td>
                  <Table.Td>
                    <ResourceName resource={task.source} /> → <ResourceName resource={task.destination} />
                  </Table.Td>
                  <Table.Td>{task.operation}</Table.Td>
                  <Table.Td miw={110}>
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
                        <TaskLogViewer
                          setupId={setupId}
                          executionId={executionId}
                          taskId={task.id}
                          running={running}
                        />
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
        <Pagination total={pages} value={page} onChange={setPage} size="sm" {...paginationLabels('Tasks')} />
      )}
    </>
  );
}
