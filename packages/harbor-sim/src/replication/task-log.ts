import type { TaskRecord } from '../state/model.ts';

/** Appends a jobservice-style log line: `<time> [LEVEL] [/source/file.go:line]: message`. */
export function logLine(
  task: TaskRecord,
  now: Date,
  level: 'INFO' | 'ERROR' | 'WARNING',
  source: string,
  message: string,
): void {
  task.log.push(`${now.toISOString().replace(/\.\d{3}Z$/, 'Z')} [${level}] [${source}]: ${message}`);
}

export const TRANSFER = '/controller/replication/transfer/image/transfer.go';
export const DELETION = '/controller/replication/flow/deletion.go';
