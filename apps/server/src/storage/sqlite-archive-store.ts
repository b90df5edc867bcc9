// The execution archive on the wizard's SQLite database (tables watch_executions and watch_tasks of
// migration 4; deleting a watch cascades to both).
import type Database from 'better-sqlite3';
import type { ArchivedTask } from '@hw/wizard-api';

import type { ArchivedExecution, ArchiveStore } from './archive-store.ts';

type ExecutionRow = {
  execution_id: number;
  status: string;
  status_text: string;
  trigger: string;
  start_time: string;
  end_time: string | null;
  total: number;
  succeed: number;
  failed: number;
  stopped: number;
  in_progress: number;
  final: number;
};

type TaskRow = {
  task_id: number;
  execution_id: number;
  status: string;
  operation: string;
  resource_type: string;
  source: string;
  destination: string;
  start_time: string | null;
  end_time: string | null;
  log_tail: string | null;
};

function durationSeconds(start: string, end: string | null): number | null {
  if (end === null) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

const toExecution = (r: ExecutionRow): ArchivedExecution => ({
  id: r.execution_id,
  status: r.status,
  statusText: r.status_text,
  trigger: r.trigger,
  startTime: r.start_time,
  endTime: r.end_time,
  durationSeconds: durationSeconds(r.start_time, r.end_time),
  total: r.total,
  succeed: r.succeed,
  failed: r.failed,
  stopped: r.stopped,
  inProgress: r.in_progress,
  final: r.final === 1,
});

const toTask = (r: TaskRow): ArchivedTask => ({
  id: r.task_id,
  executionId: r.execution_id,
  status: r.status,
  operation: r.operation,
  resourceType: r.resource_type,
  source: r.source,
  destination: r.destination,
  startTime: r.start_time,
  endTime: r.end_time,
  logTail: r.log_tail,
});

export function createSqliteArchiveStore(
  db: Database.Database,
  run: <T>(fn: () => T) => Promise<T>,
): ArchiveStore {
  const q = {
    upsert: db.prepare(
      `INSERT INTO watch_executions (watch_id, execution_id, status, status_text, trigger, start_time,
         end_time, total, succeed, failed, stopped, in_progress, final)
       VALUES (@watchId, @id, @status, @statusText, @trigger, @startTime, @endTime, @total, @succeed,
         @failed, @stopped, @inProgress, @final)
       ON CONFLICT(watch_id, execution_id) DO UPDATE SET status = excluded.status,
         status_text = excluded.status_text, trigger = excluded.trigger, start_time = excluded.start_time,
         end_time = excluded.end_time, total = excluded.total, succeed = excluded.succeed,
         failed = excluded.failed, stopped = excluded.stopped, in_progress = excluded.in_progress,
         final = excluded.final`,
    ),
    trim: db.prepare(
      `DELETE FROM watch_executions WHERE watch_id = @watchId AND execution_id NOT IN (
         SELECT execution_id FROM watch_executions WHERE watch_id = @watchId
         ORDER BY execution_id DESC LIMIT @limit)`,
    ),
    unarchived: db.prepare(
      `SELECT execution_id FROM watch_executions WHERE watch_id = ? AND final = 1 AND tasks_archived = 0
       ORDER BY execution_id`,
    ),
    insertTask: db.prepare(
      `INSERT OR IGNORE INTO watch_tasks (watch_id, execution_id, task_id, status, operation,
         resource_type, source, destination, start_time, end_time, log_tail)
       VALUES (@watchId, @executionId, @id, @status, @operation, @resourceType, @source, @destination,
         @startTime, @endTime, @logTail)`,
    ),
    markArchived: db.prepare(
      'UPDATE watch_executions SET tasks_archived = 1 WHERE watch_id = ? AND execution_id = ? AND tasks_archived = 0',
    ),
    page: db.prepare(
      `SELECT * FROM watch_executions WHERE watch_id = @watchId AND (@status IS NULL OR status = @status)
       ORDER BY execution_id DESC LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare(
      `SELECT COUNT(*) AS n FROM watch_executions WHERE watch_id = @watchId
       AND (@status IS NULL OR status = @status)`,
    ),
    one: db.prepare('SELECT * FROM watch_executions WHERE watch_id = ? AND execution_id = ?'),
    tasks: db.prepare(
      `SELECT * FROM watch_tasks WHERE watch_id = ? AND execution_id = ? ORDER BY task_id
       LIMIT ? OFFSET ?`,
    ),
    taskCount: db.prepare('SELECT COUNT(*) AS n FROM watch_tasks WHERE watch_id = ? AND execution_id = ?'),
    task: db.prepare('SELECT * FROM watch_tasks WHERE watch_id = ? AND execution_id = ? AND task_id = ?'),
    failures: db.prepare(
      `SELECT COUNT(*) AS n FROM watch_executions WHERE watch_id = @watchId AND final = 1
         AND status = 'Failed' AND execution_id > COALESCE((SELECT MAX(execution_id)
           FROM watch_executions WHERE watch_id = @watchId AND final = 1 AND status <> 'Failed'), 0)`,
    ),
    lastFinished: db.prepare(
      'SELECT * FROM watch_executions WHERE watch_id = ? AND final = 1 ORDER BY execution_id DESC LIMIT 1',
    ),
    lastSuccess: db.prepare(
      `SELECT * FROM watch_executions WHERE watch_id = ? AND status = 'Succeed'
       ORDER BY execution_id DESC LIMIT 1`,
    ),
    nth: db.prepare(
      'SELECT execution_id FROM watch_executions WHERE watch_id = ? ORDER BY execution_id DESC LIMIT 1 OFFSET ?',
    ),
    lastScheduled: db.prepare(
      `SELECT * FROM watch_executions WHERE watch_id = ? AND trigger = 'scheduled'
       ORDER BY execution_id DESC LIMIT 1`,
    ),
  };
  const row = (stmt: Database.Statement, ...args: unknown[]) => {
    const found = stmt.get(...args) as ExecutionRow | undefined;
    return found ? toExecution(found) : null;
  };

  return {
    upsertExecutions(watchId, executions, limit) {
      return run(() =>
        db.transaction(() => {
          for (const e of executions) {
            const { durationSeconds: _omitted, ...fields } = e;
            q.upsert.run({ ...fields, watchId, final: e.final ? 1 : 0 });
          }
          q.trim.run({ watchId, limit });
          return (q.unarchived.all(watchId) as { execution_id: number }[]).map((r) => r.execution_id);
        })(),
      );
    },
    saveTasks(watchId, executionId, tasks) {
      return run(() =>
        db.transaction(() => {
          if (q.markArchived.run(watchId, executionId).changes === 0) return;
          for (const t of tasks) q.insertTask.run({ ...t, watchId });
        })(),
      );
    },
    listExecutions(watchId, query) {
      return run(() => {
        const args = { watchId, status: query.status ?? null };
        const rows = q.page.all({
          ...args,
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        }) as ExecutionRow[];
        return { items: rows.map(toExecution), total: (q.count.get(args) as { n: number }).n };
      });
    },
    getExecution(watchId, executionId) {
      return run(() => row(q.one, watchId, executionId));
    },
    listTasks(watchId, executionId, query) {
      return run(() => {
        const rows = q.tasks.all(
          watchId,
          executionId,
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ) as TaskRow[];
        const total = (q.taskCount.get(watchId, executionId) as { n: number }).n;
        return { items: rows.map(toTask), total };
      });
    },
    getTask(watchId, executionId, taskId) {
      return run(() => {
        const found = q.task.get(watchId, executionId, taskId) as TaskRow | undefined;
        return found ? toTask(found) : null;
      });
    },
    consecutiveFailures(watchId) {
      return run(() => (q.failures.get({ watchId }) as { n: number }).n);
    },
    lastFinished(watchId) {
      return run(() => row(q.lastFinished, watchId));
    },
    lastSuccess(watchId) {
      return run(() => row(q.lastSuccess, watchId));
    },
    nthNewestId(watchId, n) {
      return run(() => {
        if (n < 1) return null;
        const found = q.nth.get(watchId, n - 1) as { execution_id: number } | undefined;
        return found?.execution_id ?? null;
      });
    },
    lastScheduled(watchId) {
      return run(() => row(q.lastScheduled, watchId));
    },
  };
}
