// Repair flows of a watch: planned (shown before anything runs), given short-lived admin logins,
// advanced step by step. Each step records what it is about to do before acting, so a reload or
// a restart resumes it; the admin passwords are erased when the flow ends.
import { randomUUID } from 'node:crypto';

import { isHarborError, robotExportFileName } from '@hw/harbor-client';
import type { AdminLogins, RepairFlow, RepairKind, RepairOptions } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { ApiFailure, fail } from '../errors.ts';
import { repairSecretAad } from '../storage/repair-store.ts';
import type { WatchRecord } from '../storage/watch-store.ts';
import { extendFlow } from './extend.ts';
import { fixPermissionsFlow } from './fix-permissions.ts';
import { adminClient, currentLogins, eraseLogins, heldSides, storeLogins } from './repair-logins.ts';
import type { Flow, StoredStep } from './repair-state.ts';
import { flowView, loginsNeeded, parseFlow } from './repair-state.ts';
import type { FlowDef, RepairTiming, StepContext, StepOutcome } from './repair-steps.ts';
import { rotateFlow } from './rotate.ts';
import { unstickFlow } from './unstick.ts';

const FLOWS: Record<RepairKind, FlowDef> = {
  rotate: rotateFlow,
  extend: extendFlow,
  'fix-permissions': fixPermissionsFlow,
  unstick: unstickFlow,
};

// An advance answers within about half a minute; a longer wait goes on with the next advance.
const DEFAULT_TIMING: RepairTiming = { pollIntervalMs: 2_000, waitMs: 30_000 };

export class RepairService {
  // One advance at a time per flow (two tabs pressing "Continue" must not act twice).
  readonly #running = new Map<string, Promise<unknown>>();
  /** Flows an advance is working on in this process (the view's `active`). */
  readonly #advancing = new Set<string>();
  readonly #timing: RepairTiming;

  constructor(
    private readonly ctx: AppContext,
    timing: Partial<RepairTiming> = {},
  ) {
    this.#timing = { ...DEFAULT_TIMING, ...timing };
  }

  async #watch(watchId: string): Promise<WatchRecord> {
    const watch = await this.ctx.storage.watches.get(watchId);
    if (!watch) fail(404, 'watch-not-found', 'This replication is not watched (any more).');
    return watch;
  }

  async #load(repairId: string): Promise<Flow> {
    const record = await this.ctx.storage.repairs.get(repairId);
    if (!record) fail(404, 'repair-not-found', 'No such repair.');
    return parseFlow(record);
  }

  async #save(flow: Flow): Promise<void> {
    flow.record.updatedAt = this.ctx.now().toISOString();
    flow.record.state = flow.state;
    await this.ctx.storage.repairs.save(flow.record);
  }

  #view(flow: Flow): RepairFlow {
    return flowView(
      { ...flow, state: { ...flow.state, logins: currentLogins(this.ctx, flow) } },
      this.#advancing.has(flow.record.id),
    );
  }

  async list(watchId: string): Promise<RepairFlow[]> {
    await this.#watch(watchId);
    return (await this.ctx.storage.repairs.listByWatch(watchId)).map((r) => this.#view(parseFlow(r)));
  }

  async get(repairId: string): Promise<RepairFlow> {
    return this.#view(await this.#load(repairId));
  }

  /** The plan: every step in words, nothing done yet. */
  async start(watchId: string, options: RepairOptions): Promise<RepairFlow> {
    const watch = await this.#watch(watchId);
    await this.#requireNoOtherUnderWay(watchId, null);
    const def = FLOWS[options.kind];
    const steps = def.plan(watch, options);
    const at = this.ctx.now().toISOString();
    const flow: Flow = {
      record: { id: randomUUID(), watchId, kind: options.kind, state: null, createdAt: at, updatedAt: at },
      state: {
        options,
        status: 'planned',
        summary: def.summary(watch, options),
        steps,
        choice: null,
        loginsNeeded: loginsNeeded(steps),
        logins: [],
        resultingExpiry: null,
        warnings: [],
        offer: null,
        queue: null,
        runbook: [],
        notes: def.notes?.(watch) ?? [],
        exportAvailable: false,
      },
    };
    await this.#save(flow);
    return this.#view(flow);
  }

  logins(repairId: string, logins: AdminLogins): Promise<RepairFlow> {
    return this.#exclusive(repairId, async () => {
      const flow = await this.#load(repairId);
      this.#requireOpen(flow);
      await storeLogins(this.ctx, await this.#watch(flow.record.watchId), flow, logins);
      await this.#save(flow);
      return this.#view(flow);
    });
  }

  cancel(repairId: string): Promise<RepairFlow> {
    return this.#exclusive(repairId, async () => {
      const flow = await this.#load(repairId);
      if (flow.state.status === 'done' || flow.state.status === 'cancelled') return this.#view(flow);
      await this.#end(
        flow,
        'cancelled',
        'Cancelled: the steps done so far stay done; nothing else was changed.',
      );
      return this.#view(flow);
    });
  }

  /** The robot file with the new secret, served once. */
  async exportFile(repairId: string): Promise<{ fileName: string; content: string }> {
    return this.#exclusive(repairId, async () => {
      const flow = await this.#load(repairId);
      const sealed = flow.state.exportAvailable
        ? await this.ctx.storage.repairs.getSecret(repairId, 'export', this.ctx.now().getTime())
        : null;
      const content = sealed ? this.ctx.vault.open(sealed, repairSecretAad(repairId, 'export')) : null;
      if (content === null) {
        fail(410, 'export-gone', 'The robot file is no longer available: it is offered once.', {
          hint: 'If you lost it, rotate the secret again.',
        });
      }
      await this.ctx.storage.repairs.deleteSecrets(repairId, 'export');
      flow.state.exportAvailable = false;
      await this.#save(flow);
      const watch = await this.#watch(flow.record.watchId);
      return { fileName: robotExportFileName(watch.config.replicationRobot.name), content };
    });
  }

  /** Runs the steps left, in order, until the flow ends, a step fails, or a question is asked. */
  advance(repairId: string, choice: string | undefined, sessionId: string): Promise<RepairFlow> {
    return this.#exclusive(repairId, async () => {
      this.#advancing.add(repairId);
      try {
        // The answer is sent once this advance is over: it is no longer active then.
        return { ...(await this.#advance(repairId, choice, sessionId)), active: false };
      } finally {
        this.#advancing.delete(repairId);
      }
    });
  }

  async #advance(repairId: string, choice: string | undefined, sessionId: string): Promise<RepairFlow> {
    const flow = await this.#load(repairId);
    this.#requireOpen(flow);
    const watch = await this.#watch(flow.record.watchId);
    await this.#requireNoOtherUnderWay(watch.id, repairId);
    const def = FLOWS[flow.record.kind];
    const held = await heldSides(this.ctx, flow);
    const missing = flow.state.loginsNeeded.filter((side) => !held.has(side));
    if (missing.length > 0) {
      fail(409, 'repair-login-required', `Log in to the ${missing.join(' and ')} Harbor first.`, {
        hint: 'An admin login is needed for the Harbors this repair reads or changes; it is kept 30 minutes at most.',
      });
    }
    const base = this.#context(flow, watch, sessionId);
    flow.state.choice = null;
    for (const step of flow.state.steps) {
      if (step.status === 'done' || step.status === 'skipped') continue;
      // What the step is about to do is on disk before it acts (a crash leaves it "running").
      step.status = 'running';
      step.harborMessage = null;
      step.next = null;
      flow.state.status = 'running';
      await this.#save(flow);
      const outcome = await this.#runStep(def, { ...base, step, choice });
      choice = undefined;
      if (!(await this.#apply(flow, step, outcome))) return this.#view(flow);
    }
    const config = (await def.finish?.(base)) ?? null;
    if (config) await this.ctx.storage.watches.saveConfig(watch.id, config);
    await this.#end(flow, 'done', flow.state.summary);
    return this.#view(flow);
  }

  async #runStep(def: FlowDef, sc: StepContext): Promise<StepOutcome> {
    const stepDef = def.steps[sc.step.id];
    if (!stepDef) throw new Error(`repair step without a definition: ${sc.step.id}`);
    try {
      return await stepDef.run(sc);
    } catch (error) {
      if (isHarborError(error)) {
        return {
          status: 'failed',
          harborMessage: error.harborMessage ?? error.message,
          next: stepDef.next(sc.watch),
        };
      }
      if (error instanceof ApiFailure) {
        return {
          status: 'failed',
          harborMessage: error.body.message,
          next: `${error.body.hint ?? ''} ${stepDef.next(sc.watch)}`.trim(),
        };
      }
      throw error;
    }
  }

  /** Records a step's outcome; false when the flow stops here (failed, waiting, still running, ended). */
  async #apply(flow: Flow, step: StoredStep, outcome: StepOutcome): Promise<boolean> {
    switch (outcome.status) {
      case 'done':
      case 'skipped':
        step.status = outcome.status;
        step.detail = outcome.detail;
        await this.#save(flow);
        return true;
      case 'running':
        step.detail = outcome.detail;
        await this.#save(flow);
        return false;
      case 'waiting':
        step.status = 'pending';
        flow.state.status = 'waiting';
        flow.state.choice = outcome.choice;
        await this.#save(flow);
        return false;
      case 'failed':
        step.status = 'failed';
        step.detail = outcome.detail ?? null;
        step.harborMessage = outcome.harborMessage ?? null;
        step.next = outcome.next;
        flow.state.status = 'failed';
        await this.#save(flow);
        return false;
      case 'end':
        step.status = 'done';
        step.detail = outcome.detail;
        for (const s of flow.state.steps) {
          if (s.status === 'pending') {
            s.status = 'skipped';
            s.detail = outcome.rest;
          }
        }
        await this.#save(flow);
        return true;
      case 'cancel':
        step.status = 'skipped';
        step.detail = outcome.detail;
        await this.#end(flow, 'cancelled', outcome.detail);
        return false;
    }
  }

  #context(flow: Flow, watch: WatchRecord, sessionId: string): Omit<StepContext, 'step' | 'choice'> {
    const { ctx } = this;
    const id = flow.record.id;
    return {
      ctx,
      watch,
      flow,
      timing: this.#timing,
      client: (side) => adminClient(ctx, watch, flow, side, sessionId),
      getSecret: async (name) => {
        const sealed = await ctx.storage.repairs.getSecret(id, name, ctx.now().getTime());
        return sealed ? ctx.vault.open(sealed, repairSecretAad(id, name)) : null;
      },
      putSecret: (name, value, ttlMs) =>
        ctx.storage.repairs.putSecret(
          id,
          name,
          ctx.vault.seal(value, repairSecretAad(id, name)),
          ctx.now().getTime() + ttlMs,
        ),
      save: () => this.#save(flow),
    };
  }

  /** Ends the flow: the admin passwords and the robot secret go (the export stays until fetched). */
  async #end(flow: Flow, status: 'done' | 'cancelled', summary: string): Promise<void> {
    flow.state.status = status;
    flow.state.summary = summary;
    flow.state.choice = null;
    await eraseLogins(this.ctx, flow);
    await this.ctx.storage.repairs.deleteSecrets(flow.record.id, 'robot-secret');
    await this.#save(flow);
  }

  /**
   * Two repairs changing the same robot or endpoint at once could leave them out of step (one
   * rotates the secret while the other rewires the endpoint with an older one): one at a time,
   * counting only a flow that has begun to change something.
   */
  async #requireNoOtherUnderWay(watchId: string, self: string | null): Promise<void> {
    const other = (await this.ctx.storage.repairs.listByWatch(watchId))
      .map(parseFlow)
      .find(
        (f) =>
          f.record.id !== self &&
          f.state.status !== 'done' &&
          f.state.status !== 'cancelled' &&
          f.state.steps.some((s) => s.changes && s.status !== 'pending' && s.status !== 'skipped'),
      );
    if (other) {
      fail(
        409,
        'repair-under-way',
        `Another repair of this replication is under way: ${other.state.summary}`,
        {
          hint: 'Continue it to its end or cancel it first.',
        },
      );
    }
  }

  #requireOpen(flow: Flow): void {
    if (flow.state.status === 'done' || flow.state.status === 'cancelled') {
      fail(409, 'repair-ended', `This repair has ended (${flow.state.status}).`, {
        hint: 'Start a new one from the replication.',
      });
    }
  }

  async #exclusive<T>(repairId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#running.get(repairId) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(fn);
    this.#running.set(repairId, next);
    try {
      return await next;
    } finally {
      if (this.#running.get(repairId) === next) this.#running.delete(repairId);
    }
  }
}
