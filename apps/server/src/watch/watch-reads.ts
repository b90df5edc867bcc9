// What the Replications page reads: the watches with their verdicts, and a watch's executions,
// tasks and logs from the archive, or from Harbor through the watch robot while Harbor still has
// them. Watches are server-wide: any browser session of this wizard may read them (no secret in them).
import { isHarborError } from '@hw/harbor-client';
import type { ArchivedTask, WatchExecution, WatchSummary, WatchVerdict } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure, fail } from '../errors.ts';
import type { WatchRecord } from '../storage/watch-store.ts';
import { toTask } from '../wizard/executions.ts';
import { readWatchState, summarizeWatch } from './watch-summary.ts';

type Page<T> = { items: T[]; total: number };

/** Worst first, as the page lists them. */
const ORDER: readonly WatchVerdict[] = ['unreachable', 'stuck', 'failing', 'expiring', 'pending', 'healthy'];
/** The largest task log sent to a browser (the end of it: that is where the error is). */
export const MAX_LOG_BYTES = 1024 * 1024;

async function watchRecord(ctx: AppContext, id: string): Promise<WatchRecord> {
  const record = await ctx.storage.watches.get(id);
  if (!record) fail(404, 'watch-not-found', 'This replication is not watched (any more).');
  return record;
}

export async function listWatches(ctx: AppContext, verdict?: WatchVerdict): Promise<WatchSummary[]> {
  const all = (await ctx.storage.watches.list()).map(summarizeWatch);
  return all
    .filter((w) => verdict === undefined || w.verdict === verdict)
    .sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict) || a.name.localeCompare(b.name));
}

export async function getWatch(ctx: AppContext, id: string): Promise<WatchSummary> {
  return summarizeWatch(await watchRecord(ctx, id));
}

/** The oldest execution Harbor still has (as the last poll saw it); older ones live only in the archive. */
function oldestHarborId(record: WatchRecord): number | null {
  return readWatchState(record)?.memory?.oldestHarborId ?? null;
}

export async function watchExecutions(
  ctx: AppContext,
  id: string,
  query: { page: number; pageSize: number; status?: string | undefined },
): Promise<Page<WatchExecution>> {
  const record = await watchRecord(ctx, id);
  const oldest = oldestHarborId(record);
  const page = await ctx.storage.archive.listExecutions(id, query);
  return {
    items: page.items.map((e) => ({ ...e, archivedOnly: oldest !== null && e.id < oldest })),
    total: page.total,
  };
}

/** The execution, which must be one of this watch's rule (the archive knows every one the poller saw). */
async function archivedExecution(ctx: AppContext, record: WatchRecord, executionId: number) {
  const execution = await ctx.storage.archive.getExecution(record.id, executionId);
  if (!execution) {
    fail(404, 'execution-not-found', `Execution ${executionId} is not one of this watched rule's.`);
  }
  const oldest = oldestHarborId(record);
  return { execution, archivedOnly: oldest !== null && executionId < oldest };
}

/** Harbor through the watch robot, or null when Harbor no longer has it or cannot be reached. */
async function fromHarbor<T>(
  ctx: AppContext,
  record: WatchRecord,
  call: (client: Awaited<ReturnType<AppContext['harbor']['watchClient']>>) => Promise<T>,
): Promise<T | null> {
  try {
    return await call(await ctx.harbor.watchClient(record, record.config.rule.side, { retries: 0 }));
  } catch (error) {
    if (isHarborError(error) || error instanceof ApiFailure) return null;
    throw error;
  }
}

export async function watchTasks(
  ctx: AppContext,
  id: string,
  executionId: number,
  query: { page: number; pageSize: number },
): Promise<Page<ArchivedTask>> {
  const record = await watchRecord(ctx, id);
  const { archivedOnly } = await archivedExecution(ctx, record, executionId);
  const archived = () => ctx.storage.archive.listTasks(id, executionId, query);
  if (archivedOnly) return archived();
  const page = await fromHarbor(ctx, record, (c) =>
    c.executions.tasks(executionId, { page: query.page, pageSize: query.pageSize }),
  );
  if (!page) return archived();
  const tails = new Map((await archived()).items.map((t) => [t.id, t.logTail]));
  return {
    items: page.items.map((t) => ({ ...toTask(t), logTail: tails.get(t.id ?? 0) ?? null })),
    total: page.total,
  };
}

export async function watchTaskLog(
  ctx: AppContext,
  id: string,
  executionId: number,
  taskId: number,
): Promise<string> {
  const record = await watchRecord(ctx, id);
  const { archivedOnly } = await archivedExecution(ctx, record, executionId);
  const log = archivedOnly
    ? null
    : await fromHarbor(ctx, record, (c) => c.executions.taskLog(executionId, taskId));
  if (log !== null) {
    const bytes = Buffer.from(log, 'utf8');
    return bytes.length <= MAX_LOG_BYTES
      ? log
      : `[only the last ${MAX_LOG_BYTES / 1024} kB of the log]\n${bytes.subarray(-MAX_LOG_BYTES).toString('utf8')}`;
  }
  const task = await ctx.storage.archive.getTask(id, executionId, taskId);
  if (task?.logTail) return `[Harbor no longer has this log: its last lines as archived]\n${task.logTail}`;
  fail(404, 'log-not-found', `The log of task ${taskId} is no longer available.`, {
    hint: 'Harbor has deleted it and the server archives the logs of failed tasks only.',
  });
}
