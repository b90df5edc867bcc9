import { isAtLeast, type HarborVersion } from '../harbor-rules.ts';
import type { ExecutionRecord } from '../state/model.ts';
import type { Store } from '../state/store.ts';

/**
 * Executions kept per replication rule: `executionSweeperCount[ReplicationVendorType]` in
 * `src/jobservice/job/known_jobs.go` (50 since 2.2; the environment variable
 * `REPLICATION_EXECUTION_RETENTION_COUNT` overrides it in the releases that read it).
 */
export const DEFAULT_REPLICATION_EXECUTION_RETENTION = 50;

/**
 * When Harbor sweeps: 2.2–2.7 right after an execution is created (the execution manager's
 * goroutine), 2.8–2.10 by the hourly EXECUTION_SWEEP job (goharbor/harbor#18361), 2.11+ daily at
 * 00:00 (`cronSpec = "0 0 0 * * *"` in `src/controller/task/sweep.go`, goharbor/harbor#20601).
 */
export type SweepSchedule = 'on-create' | 'hourly' | 'daily';

export function sweepSchedule(version: HarborVersion): SweepSchedule {
  if (isAtLeast(version, 2, 11)) return 'daily';
  if (isAtLeast(version, 2, 8)) return 'hourly';
  return 'on-create';
}

/** The first sweep time strictly after `from` (UTC boundaries, as jobservice runs its cron). */
export function nextSweep(schedule: SweepSchedule, from: Date): Date | undefined {
  if (schedule === 'on-create') return undefined;
  const next = new Date(from.getTime());
  if (schedule === 'hourly') next.setUTCMinutes(0, 0, 0);
  else next.setUTCHours(0, 0, 0, 0);
  if (schedule === 'hourly') next.setUTCHours(next.getUTCHours() + 1);
  else next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

const FINAL = new Set<ExecutionRecord['status']>(['Success', 'Error', 'Stopped']);

/**
 * `sweepManager.ListCandidates` + `Clean` (`src/pkg/task/sweep_manager.go`): per rule, take the
 * start time of the `retain`-th newest execution; every execution that started strictly before it
 * and is final is deleted with its tasks. Running ones are never deleted. Returns the deleted IDs.
 */
export function sweepReplicationExecutions(store: Store, retain: number, policyId?: number): number[] {
  const byPolicy = new Map<number, ExecutionRecord[]>();
  for (const e of store.executions.values()) {
    if (policyId !== undefined && e.policyId !== policyId) continue;
    const list = byPolicy.get(e.policyId) ?? [];
    list.push(e);
    byPolicy.set(e.policyId, list);
  }
  const deleted: number[] = [];
  for (const list of byPolicy.values()) {
    if (list.length < retain || retain < 1) continue;
    const newestFirst = [...list].sort(
      (a, b) => b.startTime.getTime() - a.startTime.getTime() || b.id - a.id,
    );
    const boundary = newestFirst[retain - 1]!.startTime.getTime();
    for (const e of list) {
      if (e.startTime.getTime() < boundary && FINAL.has(e.status)) {
        store.executions.delete(e.id);
        deleted.push(e.id);
      }
    }
  }
  return deleted.sort((a, b) => a - b);
}
