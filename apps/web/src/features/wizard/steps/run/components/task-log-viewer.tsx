// A task's raw job-service log, inline; refreshed while the execution runs.
import { Code, ScrollArea } from '@mantine/core';

import { ErrorCallout } from '../../../../../components/error-callout.tsx';
import { PageLoader } from '../../../../../components/page-loader.tsx';
import { useTaskLog } from '../api/tasks.ts';

type Props = { setupId: string; executionId: number; taskId: number; running: boolean };

export function TaskLogViewer({ setupId, executionId, taskId, running }: Props) {
  const log = useTaskLog(setupId, executionId, taskId, running);
  if (log.isPending) return <PageLoader label="Loading the log…" />;
  if (log.isError)
    return (
      <ErrorCallout error={log.error} title="Could not load the log" onRetry={() => void log.refetch()} />
    );
  return <TaskLogText taskId={taskId} text={log.data} />;
}

/** A log as plain text (never HTML), scrollable and reachable by keyboard. */
export function TaskLogText({ taskId, text }: { taskId: number; text: string }) {
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Code block tabIndex={0} aria-label={`Log of task ${taskId}`} style={{ whiteSpace: 'pre-wrap' }}>
        {text || '(empty log)'}
      </Code>
    </ScrollArea.Autosize>
  );
}
