// go-swagger drops false/0/"" from responses (omitempty), sends `null` for an empty `filters`, and
// uses the zero time for "not ended yet". Callers get explicit values instead of guessing.
import type { HarborReplicationExecution, HarborReplicationPolicy, HarborReplicationTask } from '../types.ts';
import { isZeroTime } from '../rules/executions.ts';

export function normalizePolicy(p: HarborReplicationPolicy): HarborReplicationPolicy {
  return {
    ...p,
    enabled: p.enabled ?? false,
    override: p.override ?? false,
    deletion: p.deletion ?? false,
    replicate_deletion: p.replicate_deletion ?? false,
    filters: p.filters ?? [],
  };
}

/** A running execution's `end_time` (the zero time) is removed, so "absent" means "not ended". */
export function normalizeExecution(e: HarborReplicationExecution): HarborReplicationExecution {
  const out: HarborReplicationExecution = {
    ...e,
    total: e.total ?? 0,
    succeed: e.succeed ?? 0,
    failed: e.failed ?? 0,
    in_progress: e.in_progress ?? 0,
    stopped: e.stopped ?? 0,
  };
  if (isZeroTime(out.end_time)) delete out.end_time;
  return out;
}

export function normalizeTask(t: HarborReplicationTask): HarborReplicationTask {
  const out: HarborReplicationTask = { ...t };
  if (isZeroTime(out.start_time)) delete out.start_time;
  if (isZeroTime(out.end_time)) delete out.end_time;
  return out;
}
