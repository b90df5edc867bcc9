import { randomBytes } from 'node:crypto';
import { isAtLeast, type HarborVersion } from '../harbor-rules.ts';
import type { Store } from '../state/store.ts';
import type { TaskRecord } from '../state/model.ts';

/** Harbor's replication job name (`src/jobservice/job/known_jobs.go` `ReplicationVendorType`). */
export const REPLICATION_JOB = 'REPLICATION';
/** Job service workers (`jobservice` `worker_pool.workers`, 10 in Harbor's default config). */
export const WORKER_COUNT = 10;

/**
 * Job types the job service registers and `ListQueues` shows (`known_jobs.go`; `ListQueues` in
 * `src/controller/jobmonitor/monitor.go` skips DEMO and the legacy names). Only REPLICATION ever
 * holds jobs in the simulator.
 */
function knownJobTypes(version: HarborVersion): string[] {
  return [
    'EXECUTION_SWEEP',
    'GARBAGE_COLLECTION',
    'IMAGE_SCAN',
    'P2P_PREHEAT',
    'PURGE_AUDIT_LOG',
    REPLICATION_JOB,
    'RETENTION',
    ...(isAtLeast(version, 2, 11) ? ['SBOM'] : []),
    'SCAN_DATA_EXPORT',
    'SLACK',
    'SYSTEM_ARTIFACT_CLEANUP',
    'WEBHOOK',
  ].sort();
}

export type JobQueueView = { jobType: string; count: number; latency: number; paused: boolean };
export type WorkerView = { id: string; task?: TaskRecord };

/**
 * The job service's queues as the core sees them through the job monitor: a replication task waits
 * in the REPLICATION queue ("Pending") until a worker takes it; a paused queue keeps its jobs
 * (`redis.go` `PauseJob` only stops fetching, running jobs go on); stopping a queue's pending jobs
 * removes them and marks their tasks Stopped (`monitor.go` `stopPendingJob`).
 */
export class JobService {
  readonly poolId = randomBytes(12).toString('hex');
  readonly pid = 1000 + (randomBytes(2).readUInt16LE(0) % 30000);
  readonly startedAt: Date;
  private readonly paused = new Set<string>();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly version: HarborVersion,
    private readonly now: () => Date,
  ) {
    this.startedAt = now();
  }

  /** Job types the job service knows (`{ns}:known_jobs`). */
  jobTypes(): string[] {
    return knownJobTypes(this.version);
  }

  isPaused(jobType: string): boolean {
    return this.paused.has(jobType);
  }

  pause(jobType: string): void {
    this.paused.add(jobType);
  }

  resume(jobType: string): void {
    this.paused.delete(jobType);
    this.wake();
  }

  /** Wakes every task runner that waits for its queue (or its execution) to be runnable again. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves on the next `wake()`. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Replication tasks still waiting in the queue. */
  pendingTasks(): TaskRecord[] {
    const tasks: TaskRecord[] = [];
    for (const execution of this.store.executions.values())
      for (const task of execution.tasks) if (task.status === 'Pending') tasks.push(task);
    return tasks;
  }

  runningTasks(): TaskRecord[] {
    const tasks: TaskRecord[] = [];
    for (const execution of this.store.executions.values())
      for (const task of execution.tasks) if (task.status === 'Running') tasks.push(task);
    return tasks;
  }

  /** gocraft/work `Client.Queues`: count and latency (seconds since the oldest job was enqueued). */
  queues(): JobQueueView[] {
    const now = this.now().getTime();
    return this.jobTypes().map((jobType) => {
      const pending = jobType === REPLICATION_JOB ? this.pendingTasks() : [];
      const oldest = Math.min(...pending.map((t) => t.enqueuedAt.getTime()));
      return {
        jobType,
        count: pending.length,
        latency: pending.length > 0 ? Math.max(0, Math.floor((now - oldest) / 1000)) : 0,
        paused: this.paused.has(jobType),
      };
    });
  }

  /** One pool of WORKER_COUNT workers; busy ones carry the running replication task. */
  workers(): WorkerView[] {
    const running = this.runningTasks();
    return Array.from({ length: WORKER_COUNT }, (_, i) => ({
      id: `${this.poolId.slice(0, 12)}${String(i).padStart(12, '0')}`,
      task: running[i],
    }));
  }
}
