import { randomBytes } from 'node:crypto';
import type { SimContext } from '../context.ts';
import {
  destinationRepository,
  repositoryMatchesFilters,
  selectArtifactTags,
  type HarborReplicationFilter,
} from '../harbor-rules.ts';
import type { ExecutionRecord, ExecutionTrigger, PolicyRecord, TaskRecord } from '../state/model.ts';
import type { ArtifactEvent } from '../state/store.ts';
import { sweepReplicationExecutions, sweepSchedule } from './execution-sweeper.ts';
import { REPLICATION_JOB, WORKER_COUNT, type JobService } from './job-service.ts';
import { RemoteHarbor } from './remote-harbor.ts';
import {
  LocalSide,
  RemoteSide,
  type Candidate,
  type DestinationSide,
  type Manifest,
  type SourceSide,
} from './sides.ts';
import { DELETION, TRANSFER, logLine } from './task-log.ts';

const FINAL_TASK = new Set(['Success', 'Error', 'Stopped']);
const SKIP_MESSAGE = 'Execution skipped: active replication still in progress.';

export type HoldSpec = {
  policyId?: number;
  executionId?: number;
  /** With a rule hold: how many of the next executions to hold (default: all of them). */
  count?: number;
  refuseStop?: boolean;
};

type Work =
  { kind: 'copy'; candidates?: Candidate[] } | { kind: 'deletion' | 'tag deletion'; candidates: Candidate[] };

/** Runs replication executions asynchronously, one task per repository, over real HTTP for remote sides. */
export class ReplicationEngine {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /** Each running flow and the execution it belongs to. */
  private readonly inFlight = new Map<Promise<void>, number>();
  private progressWaiters: (() => void)[] = [];
  /** Executions whose tasks stay in the queue until released (control API), and whether they refuse a stop. */
  private readonly held = new Map<number, { refuseStop: boolean }>();
  /** Holds that catch the next executions (of one rule, or of every rule). */
  private holdRules: HoldSpec[] = [];
  private closed = false;

  constructor(
    private readonly ctx: SimContext,
    readonly jobs: JobService,
  ) {
    ctx.store.onArtifactEvent((event) => this.onArtifactEvent(event));
  }

  /** Creates an execution (status Running) and continues asynchronously; the caller answers 201. */
  start(policy: PolicyRecord, trigger: ExecutionTrigger, work: Work = { kind: 'copy' }): ExecutionRecord {
    const { store } = this.ctx;
    const now = this.ctx.now();
    const execution: ExecutionRecord = {
      id: store.nextId('execution'),
      policyId: policy.id,
      status: 'Running',
      statusText: '',
      trigger,
      startTime: now,
      tasks: [],
      stopRequested: false,
    };
    const active =
      policy.singleActiveReplication &&
      [...store.executions.values()].some((e) => e.policyId === policy.id && e.status === 'Running');
    store.executions.set(execution.id, execution);
    const rule = this.holdRules.find((r) => r.policyId === undefined || r.policyId === policy.id);
    if (rule) {
      this.held.set(execution.id, { refuseStop: rule.refuseStop ?? false });
      if (rule.count !== undefined && --rule.count <= 0)
        this.holdRules = this.holdRules.filter((r) => r !== rule);
    }
    // Before 2.8 the execution manager sweeps the rule's old executions whenever it creates one.
    if (sweepSchedule(this.ctx.version) === 'on-create')
      sweepReplicationExecutions(store, this.ctx.replicationExecutionRetention, policy.id);
    if (active) {
      this.finish(execution, 'Error', SKIP_MESSAGE);
      return execution;
    }
    this.track(this.run(execution, policy, work), execution.id);
    return execution;
  }

  stop(execution: ExecutionRecord): void {
    execution.stopRequested = true;
    if (this.held.get(execution.id)?.refuseStop) {
      // The stop request is accepted but its status hook never comes back: the execution stays
      // InProgress with its counters as they are, the "stuck" case Harbor users report.
      for (const task of execution.tasks) task.stopRequested = true;
      return;
    }
    const now = this.ctx.now();
    for (const task of execution.tasks) {
      task.stopRequested = true;
      if (task.status === 'Pending' || task.status === 'Scheduled') {
        task.status = 'Stopped';
        task.endTime = now;
      }
    }
    if (execution.status === 'Running' && execution.tasks.length === 0) this.finish(execution, 'Stopped', '');
    else this.refresh(execution);
  }

  /**
   * Holds executions InProgress (control API): their tasks stay pending in the REPLICATION queue,
   * so the counters do not move. `executionId` holds one running execution; otherwise the next
   * `count` (default: all) executions of `policyId` (or of every rule) are held when they start.
   */
  hold(spec: HoldSpec): void {
    if (spec.executionId !== undefined) {
      const execution = this.ctx.store.executions.get(spec.executionId);
      if (!execution) throw new Error(`execution ${spec.executionId} not found`);
      this.held.set(execution.id, { refuseStop: spec.refuseStop ?? false });
      return;
    }
    this.holdRules = [
      ...this.holdRules.filter((r) => r.policyId !== spec.policyId),
      { policyId: spec.policyId, count: spec.count, refuseStop: spec.refuseStop },
    ];
  }

  /**
   * Ends holds (one execution, or every hold and hold rule): the tasks leave the queue, and a stop
   * that was refused meanwhile takes effect.
   */
  release(executionId?: number): void {
    const ids = executionId === undefined ? [...this.held.keys()] : [executionId];
    if (executionId === undefined) this.holdRules = [];
    for (const id of ids) {
      this.held.delete(id);
      const execution = this.ctx.store.executions.get(id);
      if (execution?.stopRequested) this.stop(execution);
    }
    this.jobs.wake();
  }

  /** Executions currently held. */
  heldExecutions(): number[] {
    return [...this.held.keys()];
  }

  /**
   * `monitor.go` `StopRunningJobs`: the task of one job (or of every busy worker with "all") gets a
   * stop request; an unknown or finished job is not an error. A held execution that refuses stops
   * ignores it, like any other stop.
   */
  stopJob(jobId: string): void {
    const all = jobId.toLowerCase() === 'all';
    for (const execution of this.ctx.store.executions.values()) {
      const tasks = execution.tasks.filter((t) =>
        all ? t.status === 'Running' : t.jobId === jobId && !FINAL_TASK.has(t.status),
      );
      if (tasks.length === 0) continue;
      if (this.held.get(execution.id)?.refuseStop) {
        for (const task of tasks) task.stopRequested = true;
        continue;
      }
      const now = this.ctx.now();
      for (const task of tasks) {
        task.stopRequested = true;
        if (task.status === 'Pending' || task.status === 'Scheduled') {
          task.status = 'Stopped';
          task.endTime = now;
        }
      }
      this.refresh(execution);
    }
    this.jobs.wake();
  }

  /**
   * `monitor.go` `stopPendingJob`: the queue's jobs are deleted and their tasks marked Stopped, then
   * the executions that had pending tasks are refreshed (`RefreshStatus`).
   */
  stopPendingJobs(jobType: string): void {
    if (jobType !== REPLICATION_JOB) return;
    const now = this.ctx.now();
    for (const execution of this.ctx.store.executions.values()) {
      const pending = execution.tasks.filter((t) => t.status === 'Pending');
      if (pending.length === 0) continue;
      for (const task of pending) {
        task.status = 'Stopped';
        task.endTime = now;
      }
      this.refresh(execution);
      this.held.delete(execution.id);
    }
    this.jobs.wake();
  }

  /**
   * Resolves once every execution started so far has finished, or waits in the job service queue
   * for a paused queue or a hold to end (tests and shutdown).
   */
  async idle(): Promise<void> {
    for (;;) {
      const active = [...this.inFlight].filter(([, id]) => !this.parked(id)).map(([p]) => p);
      if (active.length === 0) return;
      const progress = new Promise<void>((resolve) => this.progressWaiters.push(resolve));
      await Promise.race([Promise.allSettled(active), progress]);
    }
  }

  close(): void {
    this.closed = true;
    this.jobs.wake();
  }

  private track(p: Promise<void>, executionId: number): void {
    const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.set(tracked, executionId);
  }

  /** A task leaves the queue only when its queue is not paused and its execution is not held. */
  private runnable(execution: ExecutionRecord): boolean {
    return !this.jobs.isPaused(REPLICATION_JOB) && !this.held.has(execution.id);
  }

  /**
   * An execution is parked when its remaining tasks all wait in the queue (paused queue or held
   * execution): it cannot finish by itself, so `idle()` does not wait for it.
   */
  private parked(executionId: number): boolean {
    const execution = this.ctx.store.executions.get(executionId);
    if (!execution || execution.tasks.length === 0 || this.runnable(execution)) return false;
    const statuses = execution.tasks.map((t) => t.status);
    return !statuses.includes('Running') && statuses.includes('Pending');
  }

  /** Waits until a worker takes the task from the queue, then runs it; a task stopped meanwhile never runs. */
  private async whenDequeued(
    execution: ExecutionRecord,
    task: TaskRecord,
    run: (task: TaskRecord) => Promise<void>,
  ): Promise<void> {
    for (;;) {
      while (task.status === 'Pending' && !this.closed && !this.runnable(execution)) {
        const changed = this.jobs.changed();
        this.notifyProgress();
        await changed;
      }
      if (task.status !== 'Pending' || this.closed) return;
      let ran = false;
      await this.slot(async () => {
        if (task.status !== 'Pending' || this.closed || !this.runnable(execution)) return;
        ran = true;
        await run(task);
      });
      // A finished task may leave its execution parked (the rest waits in a paused queue).
      if (ran) this.notifyProgress();
      if (ran || task.status !== 'Pending' || this.closed) return;
    }
  }

  private notifyProgress(): void {
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async slot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= WORKER_COUNT) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  /** A stop before any task exists ends the execution at once; the flow then just stops. */
  private stopped(execution: ExecutionRecord): boolean {
    if (!execution.stopRequested) return false;
    if (execution.status === 'Running' && execution.tasks.length === 0) this.finish(execution, 'Stopped', '');
    return true;
  }

  private finish(execution: ExecutionRecord, status: ExecutionRecord['status'], text: string): void {
    execution.status = status;
    execution.statusText = text;
    execution.endTime = this.ctx.now();
  }

  /** Execution status derived from its tasks (`refreshStatus`). */
  private refresh(execution: ExecutionRecord): void {
    if (execution.tasks.length === 0) return;
    const statuses = execution.tasks.map((t) => t.status);
    if (statuses.some((s) => !FINAL_TASK.has(s))) {
      execution.status = 'Running';
      return;
    }
    execution.status = statuses.includes('Error')
      ? 'Error'
      : statuses.includes('Stopped')
        ? 'Stopped'
        : 'Success';
    execution.endTime = new Date(
      Math.max(...execution.tasks.map((t) => (t.endTime ?? this.ctx.now()).getTime())),
    );
  }

  private side(
    registryId: number,
    role: 'source' | 'destination',
  ): { side: SourceSide & DestinationSide; remote?: RemoteHarbor; describe: string } {
    if (registryId === 0)
      return {
        side: new LocalSide(this.ctx.store, () => this.ctx.now()),
        describe: 'type: harbor, URL: http://core:8080, insecure: true',
      };
    const record = this.ctx.store.registries.get(registryId);
    if (!record)
      throw new Error(`failed to get the ${role} registry ${registryId}: registry ${registryId} not found`);
    const remote = new RemoteHarbor(
      record.url,
      record.accessKey ? { username: record.accessKey, password: record.accessSecret } : undefined,
      record,
    );
    return {
      side: new RemoteSide(remote),
      remote,
      describe: `type: ${record.type}, URL: ${record.url}, insecure: ${record.insecure}`,
    };
  }

  private async run(execution: ExecutionRecord, policy: PolicyRecord, work: Work): Promise<void> {
    await Promise.resolve();
    let src: ReturnType<ReplicationEngine['side']>;
    let dst: ReturnType<ReplicationEngine['side']>;
    try {
      src = this.side(policy.srcRegistryId, 'source');
      dst = this.side(policy.destRegistryId, 'destination');
    } catch (error) {
      this.finish(execution, 'Error', (error as Error).message);
      return;
    }
    for (const [role, s] of [
      ['source', src],
      ['destination', dst],
    ] as const) {
      if (!s.remote) continue;
      try {
        await s.remote.apiVersion();
      } catch (error) {
        if (!this.stopped(execution))
          this.finish(
            execution,
            'Error',
            `failed to create adapter for ${role} registry ${s.remote.url}: ${(error as Error).message}`,
          );
        return;
      }
    }
    if (this.stopped(execution)) return;
    const filters = policy.filters as HarborReplicationFilter[];
    let candidates: Candidate[];
    try {
      candidates = work.candidates ?? (await src.side.fetchArtifacts(filters));
    } catch (error) {
      if (!this.stopped(execution))
        this.finish(execution, 'Error', `failed to fetch artifacts: ${(error as Error).message}`);
      return;
    }
    if (this.stopped(execution)) return;
    if (candidates.length === 0) {
      this.finish(execution, 'Success', 'no resources need to be replicated');
      return;
    }
    // `flow/copy.go` `copyFlow.Run` returns the adapter's Info error as is; the controller's
    // `markError` stores `err.Error()` as the status text.
    try {
      await dst.side.info();
    } catch (error) {
      if (!this.stopped(execution)) this.finish(execution, 'Error', (error as Error).message);
      return;
    }
    if (this.stopped(execution)) return;
    const plan: { candidate: Candidate; destination: string }[] = [];
    for (const candidate of candidates) {
      const dest = destinationRepository(
        candidate.repository,
        policy.destNamespace,
        policy.destNamespaceReplaceCount,
      );
      if (!dest.ok) {
        this.finish(execution, 'Error', dest.message);
        return;
      }
      plan.push({ candidate, destination: dest.name });
    }
    if (work.kind === 'copy') {
      try {
        await dst.side.prepareForPush([...new Set(plan.map((p) => p.destination.split('/')[0] ?? ''))]);
      } catch (error) {
        // `flow/stage.go` `prepareForPush`.
        if (!this.stopped(execution))
          this.finish(
            execution,
            'Error',
            `failed to do the prepare work for pushing/uploading resources: ${(error as Error).message}`,
          );
        return;
      }
    }
    if (this.stopped(execution)) return;
    const now = this.ctx.now();
    const items = (c: Candidate): string[] =>
      c.artifacts.flatMap((a) => (a.tags.length > 0 ? a.tags : [a.digest]));
    for (const { candidate, destination } of plan) {
      const n = items(candidate).length;
      execution.tasks.push({
        id: this.ctx.store.nextId('task'),
        executionId: execution.id,
        jobId: randomBytes(12).toString('hex'),
        status: 'Pending',
        operation: work.kind,
        resourceType: 'artifact',
        srcResource: `${candidate.repository} [${n} item(s) in total]`,
        dstResource: `${destination} [${n} item(s) in total]`,
        startTime: now,
        enqueuedAt: now,
        log: [],
        stopRequested: false,
      });
    }
    await Promise.all(
      plan.map(({ candidate, destination }, i) =>
        this.whenDequeued(execution, execution.tasks[i]!, async (task) => {
          task.status = 'Running';
          task.startTime = this.ctx.now();
          let ok: boolean;
          try {
            const log = (level: 'INFO' | 'ERROR', source: string, message: string): void =>
              logLine(task, this.ctx.now(), level, source, message);
            log('INFO', TRANSFER, `client for source registry [${src.describe}] created`);
            log('INFO', TRANSFER, `client for destination registry [${dst.describe}] created`);
            ok =
              work.kind === 'copy'
                ? await this.copy(task, policy, src.side, dst.side, candidate, destination)
                : await this.delete(task, work.kind, dst.side, candidate, destination);
          } catch (error) {
            logLine(task, this.ctx.now(), 'ERROR', TRANSFER, (error as Error).message);
            ok = false;
          }
          if (task.stopRequested && ok) task.status = 'Stopped';
          else if (!ok) {
            logLine(
              task,
              this.ctx.now(),
              'ERROR',
              TRANSFER,
              'got error during the whole transfer period, mark the job failure',
            );
            task.status = task.stopRequested ? 'Stopped' : 'Error';
          } else task.status = 'Success';
          task.endTime = this.ctx.now();
          this.refresh(execution);
        }),
      ),
    );
    this.refresh(execution);
  }

  private async throttle(policy: PolicyRecord, bytes: number): Promise<void> {
    if (policy.speed <= 0) return;
    // KB/s per task, scaled down (and bounded) so a simulated transfer never takes long.
    const ms = Math.min(2000, (bytes / (policy.speed * 1024)) * 1000) / this.ctx.transferTimeScale;
    if (ms >= 1) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async copy(
    task: TaskRecord,
    policy: PolicyRecord,
    src: SourceSide,
    dst: DestinationSide,
    candidate: Candidate,
    destination: string,
  ): Promise<boolean> {
    const log = (level: 'INFO' | 'ERROR', message: string): void =>
      logLine(task, this.ctx.now(), level, TRANSFER, message);
    const refs = (a: Candidate['artifacts'][number]): string[] => (a.tags.length > 0 ? a.tags : [a.digest]);
    const all = candidate.artifacts.flatMap(refs).join(',');
    log(
      'INFO',
      `copying ${candidate.repository}:[${all}](source registry) to ${destination}:[${all}](destination registry)...`,
    );
    for (const artifact of candidate.artifacts) {
      if (task.stopRequested) return true;
      const list = refs(artifact).join(',');
      log(
        'INFO',
        `copying ${candidate.repository}:[${list}](source registry) to ${destination}:[${list}](destination registry)...`,
      );
      let manifest: Manifest | undefined;
      for (const ref of refs(artifact)) {
        const existing = await dst.manifestDigest(destination, ref);
        if (existing === artifact.digest) {
          log('INFO', `the artifact ${destination}:${ref} already exists on the destination registry, skip`);
          continue;
        }
        if (existing && !policy.override) {
          log(
            'INFO',
            `the same name artifact ${destination}:${ref} exists on the destination registry, but the "override" is set to false, skip`,
          );
          continue;
        }
        if (!manifest) {
          log('INFO', `pulling the manifest of artifact ${candidate.repository}:${ref} ...`);
          manifest = await src.getManifest(candidate.repository, artifact.digest);
          log('INFO', `the manifest of artifact ${candidate.repository}:${ref} pulled`);
          const parsed = JSON.parse(manifest.body) as {
            config?: { digest?: string };
            layers?: { digest?: string }[];
          };
          const blobs = [parsed.config?.digest, ...(parsed.layers ?? []).map((l) => l.digest)].filter(
            (d): d is string => !!d,
          );
          for (const digest of blobs) {
            if (await dst.blobExists(destination, digest)) {
              log('INFO', `the blob ${digest} already exists on the destination registry, skip`);
              continue;
            }
            log('INFO', `copying the blob ${digest}...`);
            const content = await src.getBlob(candidate.repository, digest);
            await this.throttle(policy, content.length);
            await dst.pushBlob(destination, digest, content);
            log('INFO', `copy the blob ${digest} completed`);
          }
        }
        log('INFO', `pushing the manifest of artifact ${destination}:${ref} ...`);
        await dst.pushManifest(destination, ref, manifest);
        log('INFO', `the manifest of artifact ${destination}:${ref} pushed`);
      }
      log(
        'INFO',
        `copy ${candidate.repository}:[${list}](source registry) to ${destination}:[${list}](destination registry) completed`,
      );
    }
    log(
      'INFO',
      `copy ${candidate.repository}:[${all}](source registry) to ${destination}:[${all}](destination registry) completed`,
    );
    return true;
  }

  private async delete(
    task: TaskRecord,
    kind: 'deletion' | 'tag deletion',
    dst: DestinationSide,
    candidate: Candidate,
    destination: string,
  ): Promise<boolean> {
    const log = (message: string): void => logLine(task, this.ctx.now(), 'INFO', DELETION, message);
    for (const artifact of candidate.artifacts) {
      if (kind === 'tag deletion') {
        for (const tag of artifact.tags) {
          log(`deleting the tag ${destination}:${tag} on the destination registry...`);
          await dst.deleteTag(destination, tag);
          log(`delete the tag ${destination}:${tag} completed`);
        }
      } else {
        log(`deleting ${destination}@${artifact.digest} on the destination registry...`);
        await dst.deleteManifest(destination, artifact.digest);
        log(`delete ${destination}@${artifact.digest} completed`);
      }
    }
    return true;
  }

  /** Event-based rules: a push copies, a deletion is replicated when the rule has `deletion`. */
  private onArtifactEvent(event: ArtifactEvent): void {
    if (this.closed) return;
    for (const policy of this.ctx.store.policies.values()) {
      // Only enabled event-based rules whose source is the local Harbor fire.
      if (!policy.enabled || policy.trigger?.type !== 'event_based' || policy.srcRegistryId !== 0) continue;
      if (event.type !== 'PUSH_ARTIFACT' && !policy.deletion) continue;
      const filters = policy.filters as HarborReplicationFilter[];
      const candidate = eventCandidate(filters, event);
      if (!candidate) continue;
      const kind =
        event.type === 'PUSH_ARTIFACT' ? 'copy' : event.type === 'DELETE_TAG' ? 'tag deletion' : 'deletion';
      this.start(policy, 'EVENT', { kind, candidates: [candidate] });
    }
  }
}

/** Applies a rule's filters to the single artifact of an event. Push events carry no labels. */
function eventCandidate(filters: HarborReplicationFilter[], event: ArtifactEvent): Candidate | undefined {
  if (!repositoryMatchesFilters(filters, event.repository)) return undefined;
  const tags = selectArtifactTags(filters, { tags: event.tags, labels: [] });
  if (!tags) return undefined;
  return {
    repository: event.repository,
    artifacts: [{ digest: event.digest, tags: tags.filter((t) => t !== '') }],
  };
}
