// Repairs of a watched replication: short guided flows that change the Harbors with a short-lived
// admin login (the watch robot is read-only): rotate the replication robot's secret and rewire its
// endpoint, extend its expiry, fix its permissions, unstick a run.
import { z } from 'zod';

import { harborSideSchema } from './common.ts';
import { adminLoginsSchema } from './watch.ts';

export const repairKindSchema = z.enum(['rotate', 'extend', 'fix-permissions', 'unstick']);
export type RepairKind = z.infer<typeof repairKindSchema>;

const durationDaysSchema = z.union([z.literal(-1), z.number().int().min(1).max(3650)]);

/** What each kind of flow is asked to do. */
export const repairOptionsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rotate'),
    /**
     * `rule`: after rewiring, run the rule once and wait for it to end (a canary); `none`: Harbor's
     * ping and the wizard's permission check only.
     */
    canary: z.enum(['none', 'rule']).default('none'),
    /** Also set the robot's duration first (an expired robot is extended before its secret is rotated). */
    durationDays: durationDaysSchema.optional(),
  }),
  z.object({ kind: z.literal('extend'), durationDays: durationDaysSchema }),
  z.object({
    kind: z.literal('fix-permissions'),
    /**
     * Replace the robot instead of changing it: a new robot with the permissions, the endpoint
     * rewired to it, the old one deleted. For robots Harbor cannot change in place (created by the
     * project robot API of Harbor < 2.2: `PUT /robots/{id}` changes only their description and
     * disable flag, `updateV1Robot`).
     */
    replace: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('unstick'),
    /** The execution to stop; the rule's newest InProgress one when not given. */
    executionId: z.number().int().positive().optional(),
  }),
]);
export type RepairOptions = z.infer<typeof repairOptionsSchema>;
/** What a client sends (defaults not filled in yet). */
export type RepairOptionsInput = z.input<typeof repairOptionsSchema>;

export const repairStepStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);

export const repairStepSchema = z.object({
  id: z.string(),
  /** What the step does, in words ("Refresh the secret of robot$… on the target Harbor"). */
  title: z.string(),
  /** The Harbor it acts on or reads; null when it acts on neither (the export file). */
  side: harborSideSchema.nullable(),
  /** Whether it changes something on that Harbor (an admin login to that side is needed). */
  changes: z.boolean(),
  status: repairStepStatusSchema,
  /** What happened, once done or skipped. */
  detail: z.string().nullable(),
  /** On failure: Harbor's own message (or the network failure), verbatim. */
  harborMessage: z.string().nullable(),
  /** On failure: what each Harbor is left with and how to continue. */
  next: z.string().nullable(),
});
export type RepairStep = z.infer<typeof repairStepSchema>;

/** A question the flow waits on before it goes on (a date to confirm, a queue action to pick). */
export const repairChoiceSchema = z.object({
  id: z.enum(['confirm-expiry', 'queue-action']),
  question: z.string(),
  options: z.array(
    z.object({
      value: z.enum(['confirm', 'stop-pending', 'resume', 'give-up']),
      label: z.string(),
      /** The consequences, said before the operator picks it. */
      consequence: z.string(),
    }),
  ),
});
export type RepairChoice = z.infer<typeof repairChoiceSchema>;

export const repairFlowSchema = z.object({
  id: z.string(),
  watchId: z.string(),
  kind: repairKindSchema,
  options: repairOptionsSchema,
  /**
   * `planned`: shown, not started (give the logins, then advance); `running`: a step is under way;
   * `waiting`: a choice is asked; `failed`: a step failed (advance retries it); `done`, `cancelled`.
   */
  status: z.enum(['planned', 'running', 'waiting', 'failed', 'done', 'cancelled']),
  /**
   * An advance is working on it right now. `running` without `active` is a flow left mid-step (a
   * reload, a restart, or a run still being waited for): advance it again to resume.
   */
  active: z.boolean(),
  /** One line: what this flow does, or where it stands. */
  summary: z.string(),
  steps: z.array(repairStepSchema),
  choice: repairChoiceSchema.nullable(),
  /** The Harbors the flow must change: an admin login to each is needed before it runs. */
  loginsNeeded: z.array(harborSideSchema),
  /** The admin logins held for this flow (never the password), erased when it ends or at `expiresAt`. */
  logins: z.array(z.object({ side: harborSideSchema, username: z.string(), expiresAt: z.string() })),
  /** Extend: the expiry Harbor will store (Unix seconds, -1 never), once the robot was read. */
  resultingExpiry: z.number().int().nullable(),
  warnings: z.array(z.string()),
  /** Another flow that fits better (extend of an expired robot → rotate), with its options. */
  offer: repairOptionsSchema.nullable(),
  /** Unstick: the job service's REPLICATION queue as last read. */
  queue: z
    .object({ count: z.number().int(), latencySeconds: z.number().int(), paused: z.boolean() })
    .nullable(),
  /** Unstick: what is left when nothing Harbor's API offers stopped the run. */
  runbook: z.array(z.string()),
  /** Notes that hold for the whole flow (why a rule cannot be deleted while a run is unfinished). */
  notes: z.array(z.string()),
  /** Rotate: the new robot file can be downloaded (once) from `repairExport`. */
  exportAvailable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RepairFlow = z.infer<typeof repairFlowSchema>;

export const startRepairRequestSchema = z.object({ options: repairOptionsSchema });
export const repairLoginsRequestSchema = z.object({ logins: adminLoginsSchema });
export const advanceRepairRequestSchema = z.object({
  /** The answer to the flow's `choice`, when it asks one. */
  choice: z.enum(['confirm', 'stop-pending', 'resume', 'give-up']).optional(),
});
export const repairListSchema = z.object({ items: z.array(repairFlowSchema) });
