// Loading and saving a setup for the session that owns it, the step bookkeeping, and a per-setup
// lock so a double click or a retry cannot run the same mutation twice at once.
import { randomUUID } from 'node:crypto';

import type { ReplicationMode, SetupState, StepId } from '@hw/wizard-api';
import { STEP_IDS, setupStateSchema } from '@hw/wizard-api';

import { fail } from '../errors.ts';
import type { SetupRecord, Storage } from '../storage/storage.ts';
import { UnreadableSetupError } from '../storage/stored-setup.ts';

/**
 * Marks `step` done and moves the operator to the first step still open, so steps done out of
 * order (pull mode connects the source early) and logins repeated later never send them back.
 */
export function completeStep(state: SetupState, step: StepId): void {
  if (!state.completedSteps.includes(step)) {
    state.completedSteps.push(step);
    state.completedSteps.sort((a, b) => STEP_IDS.indexOf(a) - STEP_IDS.indexOf(b));
  }
  state.step = STEP_IDS.find((s) => !state.completedSteps.includes(s)) ?? 'done';
}

/** A later step's result no longer holds once an earlier choice changes. */
export function uncompleteFrom(state: SetupState, steps: StepId[]): void {
  state.completedSteps = state.completedSteps.filter((s) => !steps.includes(s));
}

/** A new setup at its first step: only the mode is chosen, nothing exists on either Harbor yet. */
export function initialSetupState(id: string, mode: ReplicationMode, at: string): SetupState {
  return {
    id,
    mode,
    step: 'connect-target',
    completedSteps: ['start'],
    status: 'in-progress',
    createdAt: at,
    updatedAt: at,
    target: null,
    source: null,
    project: null,
    robot: null,
    endpoint: null,
    connectionTest: null,
    rule: null,
    policy: null,
    lastExecutionId: null,
    created: [],
    finishedWithoutRun: false,
    cleanup: null,
    version: 0,
  };
}

/**
 * The setup a request names, and the browser session it must belong to. `expectedVersion` is the
 * version the page last saw (a write against an older one is refused); `version` is filled in with
 * the version the request leaves behind, so the page learns it from the answer.
 */
export type SetupRef = { sessionId: string; setupId: string; expectedVersion?: number; version?: number };

/** A write from a page that has not seen the latest change (another tab, a restored window). */
function refuseStale(ref: SetupRef, record: SetupRecord): void {
  if (ref.expectedVersion === undefined || ref.expectedVersion === record.state.version) return;
  fail(409, 'setup-changed', 'This setup changed in another tab — reload to see the current state.', {
    hint: 'Reload the page: it then shows what the other tab did, and you can continue from there.',
  });
}

export class SetupService {
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(sessionId: string, mode: ReplicationMode): Promise<SetupRecord> {
    const at = this.now().toISOString();
    const state = initialSetupState(randomUUID(), mode, at);
    const record: SetupRecord = { id: state.id, sessionId, state, internal: { connections: {} } };
    await this.storage.saveSetup(record);
    await this.storage.setCurrentSetup(sessionId, state.id);
    return record;
  }

  /** 404 for another session's setup, so ids cannot be probed. */
  async load(sessionId: string, id: string): Promise<SetupRecord> {
    const record = await this.storage.getSetup(id).catch((error: unknown) => {
      // Another session's unreadable row is as absent as its readable ones.
      if (error instanceof UnreadableSetupError && error.sessionId !== sessionId) return null;
      throw error;
    });
    if (!record || record.sessionId !== sessionId) {
      fail(404, 'setup-not-found', 'This setup does not exist or belongs to another browser session.', {
        hint: 'Start a new setup, or open the browser where it was started.',
      });
    }
    return record;
  }

  /**
   * Load → lock → reload: runs `fn` on the freshest copy of the setup while no other mutation of
   * it runs (a double click waits, then sees what the first one did). Another session's setup is a
   * 404 before any waiting.
   */
  async mutate<T>(ref: SetupRef, fn: (setup: SetupRecord) => Promise<T>): Promise<T> {
    await this.load(ref.sessionId, ref.setupId);
    return this.withLock(ref.setupId, async () => {
      const record = await this.load(ref.sessionId, ref.setupId);
      refuseStale(ref, record);
      try {
        return await fn(record);
      } finally {
        // Also after a failure: a step may have saved part of its work before Harbor refused.
        ref.version = record.state.version;
      }
    });
  }

  /** Opening a setup makes it the session's current one (the home page resumes it). */
  async open(ref: SetupRef, currentSetupId: string | null): Promise<SetupState> {
    const record = await this.load(ref.sessionId, ref.setupId);
    ref.version = record.state.version;
    if (currentSetupId !== record.id) await this.storage.setCurrentSetup(ref.sessionId, record.id);
    return record.state;
  }

  /** Completed steps can always be revisited; otherwise only the first open step is reachable. */
  goToStep(ref: SetupRef, step: StepId): Promise<SetupState> {
    return this.mutate(ref, async (setup) => {
      const done = new Set<StepId>(setup.state.completedSteps);
      const firstOpen = STEP_IDS.find((s) => !done.has(s));
      if (!done.has(step) && step !== firstOpen && step !== setup.state.step) {
        fail(
          409,
          'step-not-reachable',
          `Finish "${firstOpen ?? 'the current step'}" before going to "${step}".`,
          {
            hint: 'Steps open one after another; completed steps can always be revisited.',
          },
        );
      }
      setup.state.step = step;
      return this.save(setup);
    });
  }

  /** Every write moves the version on, so a page that saw an older one knows it is stale. */
  async save(record: SetupRecord): Promise<SetupState> {
    record.state.updatedAt = this.now().toISOString();
    record.state.version += 1;
    // The stored state must always be what the web app can parse: check before writing.
    const state = setupStateSchema.parse(record.state);
    await this.storage.saveSetup(record);
    return state;
  }

  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(id) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(id) === settled) this.#locks.delete(id);
    }
  }
}
