// The server's own history of every execution the watch poller saw, so the chart and the timeline
// cover weeks although Harbor keeps only its last executions per rule (2.14+: 50 by default). For
// failed tasks it keeps where they copied from and to and the end of their log.
import type { ArchivedTask, WatchExecution } from '@hw/wizard-api';

/** An execution as archived (`archivedOnly` is decided when it is served). */
export type ArchivedExecution = Omit<WatchExecution, 'archivedOnly'>;

export type ArchivePage<T> = { items: T[]; total: number };

export interface ArchiveStore {
  /**
   * Inserts or updates executions, then drops the oldest of the watch beyond `limit`. Returns the
   * IDs of those that are final and whose failed tasks have not been archived yet.
   */
  upsertExecutions(watchId: string, executions: ArchivedExecution[], limit: number): Promise<number[]>;
  /** Stores an execution's failed tasks (possibly none) once: later calls for it change nothing. */
  saveTasks(watchId: string, executionId: number, tasks: ArchivedTask[]): Promise<void>;
  /** Newest first. */
  listExecutions(
    watchId: string,
    query: { page: number; pageSize: number; status?: string | undefined },
  ): Promise<ArchivePage<ArchivedExecution>>;
  getExecution(watchId: string, executionId: number): Promise<ArchivedExecution | null>;
  listTasks(
    watchId: string,
    executionId: number,
    query: { page: number; pageSize: number },
  ): Promise<ArchivePage<ArchivedTask>>;
  getTask(watchId: string, executionId: number, taskId: number): Promise<ArchivedTask | null>;
  /** The newest final executions that failed in a row (0 when the newest final one did not fail). */
  consecutiveFailures(watchId: string): Promise<number>;
  /** The newest final execution, and the newest one that succeeded. */
  lastFinished(watchId: string): Promise<ArchivedExecution | null>;
  lastSuccess(watchId: string): Promise<ArchivedExecution | null>;
  /** The ID of the `n`-th newest archived execution (1 = newest); null when fewer are archived. */
  nthNewestId(watchId: string, n: number): Promise<number | null>;
  /** The newest execution the schedule started. */
  lastScheduled(watchId: string): Promise<ArchivedExecution | null>;
}
