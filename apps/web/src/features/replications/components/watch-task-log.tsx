// A task's log from the watch routes (Harbor's log, or the archived tail once Harbor deleted it).
import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { TaskLogText } from '@/features/wizard/steps/run/components/task-log-viewer.tsx';

import { useWatchTaskLog } from '../api/watch-executions.ts';

type Props = { watchId: string; executionId: number; taskId: number };

export function WatchTaskLog({ watchId, executionId, taskId }: Props) {
  const log = useWatchTaskLog(watchId, executionId, taskId);
  if (log.isPending) return <PageLoader label="Loading the log…" />;
  if (log.isError)
    return (
      <ErrorCallout error={log.error} title="Could not load the log" onRetry={() => void log.refetch()} />
    );
  return <TaskLogText taskId={taskId} text={log.data} />;
}
