import { executionProgress } from '@hw/harbor-client';
import type { Execution } from '@hw/wizard-api';

export const STATUS_COLORS: Record<string, string> = {
  Succeed: 'green',
  Failed: 'red',
  Stopped: 'gray',
  InProgress: 'blue',
  Pending: 'blue',
  Running: 'blue',
  Initialized: 'gray',
  Error: 'red',
  Success: 'green',
  Skipped: 'yellow',
};

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function durationSeconds(start: string | null, end: string | null, now = Date.now()): number | null {
  if (!start) return null;
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : now;
  return Number.isNaN(from) || Number.isNaN(to) ? null : Math.max(0, Math.round((to - from) / 1000));
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function successRate(e: Execution): string {
  return e.total === 0 ? '—' : `${Math.floor((e.succeed / e.total) * 100)} %`;
}

/** Done, total and percent from an execution's task counters (harbor-client's rule). */
export function progressOf(e: Pick<Execution, 'total' | 'succeed' | 'failed' | 'stopped' | 'inProgress'>) {
  return executionProgress({
    total: e.total,
    succeed: e.succeed,
    failed: e.failed,
    stopped: e.stopped,
    in_progress: e.inProgress,
  });
}
