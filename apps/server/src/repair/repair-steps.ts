// What a step of a repair flow is given and what it answers; the flows (rotate.ts, extend.ts,
// fix-permissions.ts, unstick.ts) are lists of such steps.
import type { HarborClient } from '@hw/harbor-client';
import type { HarborSide, RepairChoice, RepairOptions } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import type { RepairSecretName } from '../storage/repair-store.ts';
import type { WatchConfig, WatchRecord } from '../storage/watch-store.ts';
import type { Flow, StoredStep } from './repair-state.ts';

export type RepairTiming = {
  /** Between two reads of an execution being waited for. */
  pollIntervalMs: number;
  /** How long one advance waits for an execution to end before it answers (advance again to go on). */
  waitMs: number;
};

export type StepContext = {
  ctx: AppContext;
  watch: WatchRecord;
  flow: Flow;
  step: StoredStep;
  /** The operator's answer sent with this advance, if any. */
  choice: string | undefined;
  timing: RepairTiming;
  client(side: HarborSide): Promise<HarborClient>;
  getSecret(name: RepairSecretName): Promise<string | null>;
  putSecret(name: RepairSecretName, value: string, ttlMs: number): Promise<void>;
  /** Persists the flow now: a step records what it is about to do before doing it. */
  save(): Promise<void>;
};

export type StepOutcome =
  | { status: 'done' | 'skipped'; detail: string }
  /** Still under way (an execution not final yet): the next advance continues it. */
  | { status: 'running'; detail: string }
  | { status: 'waiting'; choice: RepairChoice }
  | { status: 'failed'; detail?: string; harborMessage?: string | null; next: string }
  /** The flow has nothing more to do: the remaining steps are skipped and the flow is done. */
  | { status: 'end'; detail: string; rest: string }
  | { status: 'cancel'; detail: string };

export type StepDef = {
  run(sc: StepContext): Promise<StepOutcome>;
  /** What each Harbor is left with when this step failed, and how to continue. */
  next: (watch: WatchRecord) => string;
};

export type FlowDef<O extends RepairOptions = RepairOptions> = {
  summary(watch: WatchRecord, options: O): string;
  plan(watch: WatchRecord, options: O): StoredStep[];
  notes?(watch: WatchRecord): string[];
  steps: Record<string, StepDef>;
  /** After the last step: what the watch records from now on (new expiry, robot id). */
  finish?(sc: Omit<StepContext, 'step' | 'choice'>): Promise<WatchConfig | null>;
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function robotLabel(watch: WatchRecord): string {
  const robot = watch.config.replicationRobot;
  return `robot "${robot.name}" on the ${robot.side} Harbor`;
}

export function endpointLabel(watch: WatchRecord): string {
  const endpoint = watch.config.endpoint;
  return `endpoint "${endpoint.name}" on the ${endpoint.side} Harbor`;
}
