import type { SimContext } from '../context.ts';
import { nextCronRuns, validateReplicationCron } from '../harbor-rules.ts';
import type { PolicyRecord } from '../state/model.ts';
import type { ReplicationEngine } from './engine.ts';
import { nextSweep, sweepReplicationExecutions, sweepSchedule } from './execution-sweeper.ts';
import { refreshRegistryStatus } from './health.ts';

const HEALTH_INTERVAL_MS = 5 * 60_000;

/**
 * Fires enabled scheduled policies on their cron (UTC, as jobservice runs them). Time comes from the
 * injectable clock: `tick()` runs whatever became due, so tests advance the clock instead of waiting.
 */
export class Scheduler {
  private readonly next = new Map<number, Date>();
  private timer?: NodeJS.Timeout;
  private lastHealthCheck = 0;
  private healthRun?: Promise<void>;
  private nextSweepAt?: Date;

  constructor(
    private readonly ctx: SimContext,
    private readonly engine: ReplicationEngine,
  ) {}

  start(intervalMs = 1000): void {
    this.lastHealthCheck = this.ctx.now().getTime();
    this.nextSweepAt = nextSweep(sweepSchedule(this.ctx.version), this.ctx.now());
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Resolves when a running background health check has finished. */
  async idle(): Promise<void> {
    await this.healthRun;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.healthRun;
  }

  /** (Re-)creates the schedule of a policy; only enabled scheduled policies with a valid cron get one. */
  schedule(policy: PolicyRecord): void {
    this.next.delete(policy.id);
    const cron = policy.trigger?.cron ?? '';
    if (
      !policy.enabled ||
      policy.trigger?.type !== 'scheduled' ||
      !validateReplicationCron(cron, this.ctx.version).ok
    )
      return;
    const [run] = nextCronRuns(cron, { count: 1, from: this.ctx.now() });
    if (run) this.next.set(policy.id, run);
  }

  unschedule(policyId: number): void {
    this.next.delete(policyId);
  }

  nextRun(policyId: number): Date | undefined {
    return this.next.get(policyId);
  }

  /** The next run of the EXECUTION_SWEEP job (undefined when Harbor sweeps on creation). */
  nextExecutionSweep(): Date | undefined {
    return this.nextSweepAt;
  }

  /** Starts every execution that became due; a clock jump over several runs fires once, like a missed job. */
  tick(): void {
    const now = this.ctx.now();
    if (this.nextSweepAt && this.nextSweepAt.getTime() <= now.getTime()) {
      sweepReplicationExecutions(this.ctx.store, this.ctx.replicationExecutionRetention);
      this.nextSweepAt = nextSweep(sweepSchedule(this.ctx.version), now);
    }
    if (this.lastHealthCheck === 0) this.lastHealthCheck = now.getTime();
    if (now.getTime() - this.lastHealthCheck >= HEALTH_INTERVAL_MS && !this.healthRun) {
      this.lastHealthCheck = now.getTime();
      this.healthRun = refreshRegistryStatus(this.ctx.store).finally(() => {
        this.healthRun = undefined;
      });
    }
    for (const [id, due] of [...this.next]) {
      if (due.getTime() > now.getTime()) continue;
      const policy = this.ctx.store.policies.get(id);
      if (!policy) {
        this.next.delete(id);
        continue;
      }
      this.engine.start(policy, 'SCHEDULE');
      const [run] = nextCronRuns(policy.trigger?.cron ?? '', { count: 1, from: now });
      if (run) this.next.set(id, run);
      else this.next.delete(id);
    }
  }
}
