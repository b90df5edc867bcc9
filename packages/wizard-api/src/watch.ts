// After setup: the rules the server keeps watching with a read-only robot per Harbor, their health,
// the archive of their executions, and the permissions a watch robot is given.
import { z } from 'zod';

import { harborSideSchema, replicationModeSchema } from './common.ts';
import { executionSchema, taskSchema } from './executions.ts';
import { robotAccessSchema } from './robot.ts';

/**
 * `pending` until the first poll; otherwise the worst of what the last poll saw, in this order:
 * unreachable (a Harbor does not answer or refuses the watch robot), stuck, failing, expiring,
 * healthy.
 */
export const watchVerdictSchema = z.enum([
  'pending',
  'healthy',
  'failing',
  'stuck',
  'expiring',
  'unreachable',
]);
export type WatchVerdict = z.infer<typeof watchVerdictSchema>;

/** Why a watch is stuck: an execution's counters stopped moving, or the job service queue. */
export const stuckReasonSchema = z.enum(['no-progress', 'queue-paused', 'queue-growing']);

export const watchConditionSchema = z.object({
  kind: z.enum(['failing', 'stuck', 'expiring', 'unreachable']),
  /** `warning`: shown (e.g. a robot expiring within 30 days); `alert`: also sent (within 7 days). */
  severity: z.enum(['warning', 'alert']),
  message: z.string(),
  /** When this condition was first seen (ISO). */
  since: z.string(),
});
export type WatchCondition = z.infer<typeof watchConditionSchema>;

/** The permissions one watch robot gets on one Harbor, and what they allow in words. */
export const watchRobotPlanSchema = z.object({
  side: harborSideSchema,
  harborUrl: z.string(),
  harborVersion: z.string().nullable(),
  /** The name Harbor will store (with its robot prefix), e.g. `robot$replication-watch-3f9a2c`. */
  name: z.string(),
  level: z.enum(['system', 'project']),
  /** Harbor's permission entries: `kind` system (namespace "/") or project (namespace = project). */
  permissions: z.array(
    z.object({
      kind: z.enum(['system', 'project']),
      namespace: z.string(),
      access: z.array(robotAccessSchema),
    }),
  ),
  can: z.array(z.string()),
  cannot: z.array(z.string()),
  /** What this Harbor's version cannot give, and what the watch does instead. */
  limitations: z.array(z.string()),
});
export type WatchRobotPlan = z.infer<typeof watchRobotPlanSchema>;

/** What "Keep watching" will create, shown before it is created. */
export const watchPlanSchema = z.object({
  /** False when no watch is possible (the message says why and what to do). */
  possible: z.boolean(),
  message: z.string().nullable(),
  /** Days until the watch robots expire (-1 = never). */
  durationDays: z.number().int(),
  robots: z.array(watchRobotPlanSchema),
});
export type WatchPlan = z.infer<typeof watchPlanSchema>;

const startWatchRequestSchema = z.object({
  durationDays: z.union([z.literal(-1), z.number().int().min(1).max(3650)]).default(180),
});

/** An execution as the run step shows it, from Harbor or (once Harbor dropped it) the archive. */
export const watchExecutionSchema = executionSchema.extend({
  durationSeconds: z.number().nullable(),
  /** Harbor no longer has it (its retention dropped it): served from the server's archive. */
  archivedOnly: z.boolean().default(false),
});
export type WatchExecution = z.infer<typeof watchExecutionSchema>;

/** A failed task as archived: where it copied from and to, and the end of its log. */
export const archivedTaskSchema = taskSchema.extend({
  /** The last lines of the task's log (failed tasks only); null when Harbor gave none. */
  logTail: z.string().nullable(),
});
export type ArchivedTask = z.infer<typeof archivedTaskSchema>;

const expirySchema = z.object({
  side: harborSideSchema,
  name: z.string(),
  /** Unix seconds; -1 = never; null = unknown (Harbor could not be asked and nothing was recorded). */
  expiresAt: z.number().int().nullable(),
  /** Where the date comes from: read from Harbor at `checkedAt`, or recorded when the wizard created it. */
  source: z.enum(['harbor', 'recorded']),
  checkedAt: z.string().nullable(),
  /**
   * How far the clock of the robot's Harbor runs ahead of the wizard server's (seconds; negative:
   * behind), from the `Date` header of its last answer; absent until it answered. Harbor judges
   * expiry by its own clock: seconds left = `expiresAt` − (the server's now + this).
   */
  clockSkewSeconds: z.number().int().optional(),
});

export const watchSummarySchema = z.object({
  id: z.string(),
  setupId: z.string(),
  /** The setup's name (or the rule's when it has none). */
  name: z.string(),
  mode: replicationModeSchema,
  sourceUrl: z.string(),
  targetUrl: z.string(),
  createdAt: z.string(),
  rule: z.object({
    policyId: z.number().int(),
    name: z.string(),
    side: harborSideSchema,
    trigger: z.enum(['manual', 'scheduled', 'event_based']),
    cron: z.string().nullable(),
    enabled: z.boolean(),
    /** ISO time (UTC) of the next scheduled run; null unless scheduled and enabled. */
    nextRunAt: z.string().nullable(),
  }),
  endpoint: z.object({
    id: z.number().int(),
    name: z.string(),
    /** Harbor's own view of the endpoint (`status` of the registry), when it gives one. */
    health: z.enum(['healthy', 'unhealthy', 'unknown']),
  }),
  lastExecution: watchExecutionSchema.nullable(),
  /** The most recent executions, newest first (for the small chart). */
  recent: z.array(
    z.object({
      id: z.number().int(),
      status: z.string(),
      startTime: z.string(),
      durationSeconds: z.number().nullable(),
    }),
  ),
  consecutiveFailures: z.number().int().nonnegative(),
  /** When the last execution that succeeded ended (ISO); null when none is known. */
  lastSuccessAt: z.string().nullable(),
  replicationRobot: expirySchema,
  watchRobots: z.array(expirySchema),
  /**
   * Every problem the last poll saw (several can hold at once: failing and expiring); the verdict is
   * the worst of them. Alerts open and resolve per condition kind; `severity: 'alert'` is what pages.
   */
  conditions: z.array(watchConditionSchema),
  verdict: watchVerdictSchema,
  /** The verdict's reason in one line, e.g. "the last 3 runs failed: http error: code 403, …". */
  reason: z.string(),
  stuck: z.object({ reason: stuckReasonSchema, since: z.string() }).nullable(),
  /** Per Harbor: reachable at the last poll, and the error when not. */
  harbors: z.array(
    z.object({ side: harborSideSchema, reachable: z.boolean().nullable(), error: z.string().nullable() }),
  ),
  polledAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
});
export type WatchSummary = z.infer<typeof watchSummarySchema>;

export const watchListQuerySchema = z.object({ verdict: watchVerdictSchema.optional() });
export const watchListSchema = z.object({ items: z.array(watchSummarySchema) });

export const watchExecutionListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  status: z.enum(['InProgress', 'Succeed', 'Failed', 'Stopped']).optional(),
});

/** What a server-sent event on `/api/watches/events` carries. */
export const watchEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), watch: watchSummarySchema }),
  z.object({ type: z.literal('removed'), id: z.string() }),
]);
export type WatchEvent = z.infer<typeof watchEventSchema>;

export const stopWatchResultSchema = z.object({
  robots: z.array(
    z.object({ side: harborSideSchema, name: z.string(), deleted: z.boolean(), message: z.string() }),
  ),
});

/**
 * A short-lived admin login per Harbor for a change the read-only watch robot may not make
 * (creating or deleting watch robots). Used for that one request and never stored. A demo Harbor
 * needs `{ demo: true }` only.
 */
export const adminLoginSchema = z.union([
  z.object({ demo: z.literal(true) }),
  z.object({
    username: z.string().trim().min(1, 'Enter the user name').max(255),
    password: z.string().min(1, 'Enter the password').max(1024),
  }),
]);
export const adminLoginsSchema = z.object({
  source: adminLoginSchema.optional(),
  target: adminLoginSchema.optional(),
});
export type AdminLogins = z.infer<typeof adminLoginsSchema>;

export const startWatchBodySchema = startWatchRequestSchema.extend({
  /** Needed once the setup is completed (its admin passwords are erased at Done). */
  logins: adminLoginsSchema.default({}),
});

export const stopWatchRequestSchema = z.object({
  logins: adminLoginsSchema.default({}),
  /** Stop polling and forget the watch robots' secrets, leaving the robots on Harbor (listed). */
  keepRobots: z.boolean().default(false),
});
