import type { SimContext } from '../context.ts';
import type { HoldSpec, ReplicationEngine } from '../replication/engine.ts';
import { sweepReplicationExecutions } from '../replication/execution-sweeper.ts';
import type { Scheduler } from '../replication/scheduler.ts';
import { buildImage, OCI_MANIFEST } from '../state/seed.ts';
import type { FaultInjector, FaultSpec } from './faults.ts';

export type SimStateSummary = {
  name: string;
  version: string;
  now: string;
  projects: { id: number; name: string; public: boolean; repositories: number }[];
  repositories: number;
  artifacts: number;
  tags: number;
  labels: { id: number; name: string; scope: string }[];
  robots: { id: number; name: string; level: string; expires_at: number; disable: boolean }[];
  registries: { id: number; name: string; url: string }[];
  policies: { id: number; name: string; enabled: boolean; trigger: string; next_run?: string }[];
  executions: {
    id: number;
    policy_id: number;
    status: string;
    trigger: string;
    tasks: number;
    held?: boolean;
  }[];
  /** Next run of the execution sweep job (absent when this version sweeps on execution creation). */
  next_execution_sweep?: string;
  faults: FaultSpec[];
};

/** The simulator's test hooks; Harbor has none of these. Also served under `/__sim/` when enabled. */
export type SimControl = {
  state(): SimStateSummary;
  /** Pushes a new artifact (fires a push event, like `docker push`). `repository` includes the project. */
  pushArtifact(input: { repository: string; tag?: string; labels?: string[] }): { digest: string };
  /** Deletes an artifact by tag or digest (fires a deletion event). */
  deleteArtifact(input: { repository: string; reference: string }): void;
  /** Removes one tag (fires a tag deletion event). */
  deleteTag(input: { repository: string; tag: string }): void;
  injectFault(spec: FaultSpec): void;
  /** Moves the simulated clock forward and runs whatever schedules became due. */
  advanceClock(ms: number): { now: string };
  /** Sets a robot's `expires_at` (Unix seconds, -1 = never) by ID or full name. */
  setRobotExpiry(robot: number | string, expiresAt: number): void;
  /**
   * Holds executions InProgress with their tasks pending in the REPLICATION queue (counters
   * frozen): one running execution by ID, or the next `count` (default: all) executions of a rule
   * (or of every rule).
   * With `refuseStop` a stop answers 200 but the execution stays InProgress until it is released
   * or the queue's pending jobs are stopped.
   */
  holdExecutions(spec: HoldSpec): void;
  /** Ends the hold of one execution, or every hold; a stop refused meanwhile then takes effect. */
  releaseExecutions(executionId?: number): void;
  /** Runs the execution sweep job now (keeps the newest executions per rule); returns the deleted IDs. */
  sweepExecutions(): { deleted: number[] };
  /**
   * Resolves when every execution started so far (and a running registry health check) has
   * finished or waits in a paused or held queue.
   */
  idle(): Promise<void>;
};

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createControl(
  ctx: SimContext,
  engine: ReplicationEngine,
  scheduler: Scheduler,
  faults: FaultInjector,
  advance: (ms: number) => void,
): SimControl {
  const { store } = ctx;
  const repoOf = (name: string) => {
    const repo = store.repositoryByName(name);
    if (!repo) throw new ControlError(404, `repository ${name} not found`);
    return repo;
  };
  return {
    state() {
      const repos = [...store.repositories.values()];
      const held = new Set(engine.heldExecutions());
      return {
        name: ctx.name,
        version: ctx.harborVersion,
        now: ctx.now().toISOString(),
        projects: [...store.projects.values()].map((p) => ({
          id: p.id,
          name: p.name,
          public: p.public,
          repositories: repos.filter((r) => r.projectId === p.id).length,
        })),
        repositories: repos.length,
        artifacts: repos.reduce((n, r) => n + r.artifacts.length, 0),
        tags: repos.reduce((n, r) => n + r.artifacts.reduce((m, a) => m + a.tags.length, 0), 0),
        labels: [...store.labels.values()].map((l) => ({ id: l.id, name: l.name, scope: l.scope })),
        robots: [...store.robots.values()].map((r) => ({
          id: r.id,
          name: `${store.robotPrefix}${r.storedName}`,
          level: r.level,
          expires_at: r.expiresAt,
          disable: r.disabled,
        })),
        registries: [...store.registries.values()].map((r) => ({ id: r.id, name: r.name, url: r.url })),
        policies: [...store.policies.values()].map((p) => ({
          id: p.id,
          name: p.name,
          enabled: p.enabled,
          trigger: p.trigger?.type ?? 'manual',
          next_run: scheduler.nextRun(p.id)?.toISOString(),
        })),
        executions: [...store.executions.values()].map((e) => ({
          id: e.id,
          policy_id: e.policyId,
          status: e.status,
          trigger: e.trigger,
          tasks: e.tasks.length,
          held: (e.status === 'Running' && held.has(e.id)) || undefined,
        })),
        next_execution_sweep: scheduler.nextExecutionSweep()?.toISOString(),
        faults: faults.pending(),
      };
    },
    pushArtifact({ repository, tag, labels = [] }) {
      const now = ctx.now();
      const repo = store.ensureRepository(repository, now);
      if (!repo) throw new ControlError(404, `project ${repository.split('/')[0] ?? ''} not found`);
      const manifest = buildImage(
        store,
        repository,
        `${tag ?? 'untagged'}-${now.getTime()}-${store.nextId('artifact')}`,
        [`${repository}-base`, `${repository}-${now.getTime()}-${tag ?? ''}`],
      );
      const labelIds = labels.map((name) => {
        const label = [...store.labels.values()].find((l) => l.name === name);
        if (!label) throw new ControlError(404, `label ${name} not found`);
        return label.id;
      });
      const artifact = store.pushManifest(repo, manifest, OCI_MANIFEST, tag ?? '', now, labelIds);
      return { digest: artifact.digest };
    },
    deleteArtifact({ repository, reference }) {
      const repo = repoOf(repository);
      const artifact = repo.artifacts.find(
        (a) => a.digest === reference || a.tags.some((t) => t.name === reference),
      );
      if (!artifact) throw new ControlError(404, `artifact ${repository}:${reference} not found`);
      store.deleteArtifact(repo, artifact);
    },
    deleteTag({ repository, tag }) {
      const repo = repoOf(repository);
      const artifact = repo.artifacts.find((a) => a.tags.some((t) => t.name === tag));
      if (!artifact) throw new ControlError(404, `tag ${repository}:${tag} not found`);
      store.deleteTag(repo, artifact, tag);
    },
    injectFault(spec) {
      faults.add(spec);
    },
    advanceClock(ms) {
      advance(ms);
      scheduler.tick();
      return { now: ctx.now().toISOString() };
    },
    setRobotExpiry(robot, expiresAt) {
      const found = [...store.robots.values()].find(
        (r) => r.id === robot || `${store.robotPrefix}${r.storedName}` === robot,
      );
      if (!found) throw new ControlError(404, `robot ${robot} not found`);
      found.expiresAt = expiresAt;
    },
    holdExecutions(spec) {
      try {
        engine.hold(spec);
      } catch (error) {
        throw new ControlError(404, (error as Error).message);
      }
    },
    releaseExecutions(executionId) {
      engine.release(executionId);
    },
    sweepExecutions() {
      return {
        deleted: sweepReplicationExecutions(store, ctx.replicationExecutionRetention),
      };
    },
    async idle() {
      await scheduler.idle();
      await engine.idle();
    },
  };
}
