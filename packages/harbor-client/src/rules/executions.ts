// Replication executions and tasks as Harbor reports them (handler/replication.go convertExecution
// and convertTask, Harbor v2.15.2; docs/harbor-behaviour.md, "Executions and tasks").

export type ExecutionStatus = 'InProgress' | 'Succeed' | 'Failed' | 'Stopped';

const FINAL_STATUSES: ReadonlySet<string> = new Set(['Succeed', 'Failed', 'Stopped']);

/** Succeed, Failed and Stopped are final; InProgress or an omitted status means keep polling. */
export function isFinalExecutionStatus(status: string | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.has(status);
}

/** Finished tasks out of all tasks; `in_progress` counts pending, scheduled and running ones. */
export function executionProgress(e: {
  total?: number;
  succeed?: number;
  failed?: number;
  stopped?: number;
  in_progress?: number;
}): { done: number; total: number; percent: number } {
  const done = (e.succeed ?? 0) + (e.failed ?? 0) + (e.stopped ?? 0);
  const total = Math.max(e.total ?? 0, done + (e.in_progress ?? 0));
  // Floor, so 100 % only shows when every task has ended.
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  return { done, total, percent };
}

const TASK_RESOURCE = /^(.*) \[(\d+) item\(s\) in total\]$/s;

/** Splits a task's `src_resource`/`dst_resource`, "src/app [2 item(s) in total]". */
export function parseTaskResource(resource: string): { repository: string; items: number } | null {
  const match = TASK_RESOURCE.exec(resource);
  if (!match) return null;
  return { repository: match[1] ?? '', items: Number(match[2]) };
}

/** Go's zero time as go-swagger writes it: `end_time` while an execution runs. */
export const HARBOR_ZERO_TIME = '0001-01-01T00:00:00.000Z' as const;

const ZERO_TIME_MS = Date.parse(HARBOR_ZERO_TIME);

/** True for Go's zero time in any RFC 3339 spelling, and for a missing or empty time. */
export function isZeroTime(t: string | undefined): boolean {
  if (t === undefined || t === '') return true;
  return Date.parse(t) === ZERO_TIME_MS;
}

/** A Date for a Harbor timestamp, or null when it is missing, empty, the zero time, or unparsable. */
export function parseHarborTime(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || isZeroTime(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
