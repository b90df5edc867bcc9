// What the poller keeps per watch (stored as the watch's state) and the summary the API, the
// server-sent events, the alerts and the metrics all read: the watch's fixed facts plus that state.
import { harborSideSchema, watchSummarySchema, type HarborSide, type WatchSummary } from '@hw/wizard-api';
import { z } from 'zod';

import type { WatchRecord } from '../storage/watch-store.ts';

/** The parts of the summary only a poll can tell. */
const observedSchema = watchSummarySchema.pick({
  lastExecution: true,
  recent: true,
  consecutiveFailures: true,
  lastSuccessAt: true,
  conditions: true,
  verdict: true,
  reason: true,
  stuck: true,
  harbors: true,
  polledAt: true,
});

const isoTime = z.string();

/**
 * What the poller remembers between polls: when the counters of the running execution last moved,
 * the job service queue over the last checks, and when each paced Harbor call was last made (so a
 * restart does not make them all again at once).
 */
export const watchMemorySchema = z.object({
  /** The newest execution ID seen (a new one makes the poller read the policy again). */
  newestExecutionId: z.number().int().nullable().default(null),
  /**
   * The oldest execution Harbor still has, as far as the archive can tell (Harbor keeps the newest
   * `total` ones): older archived ones are `archivedOnly`.
   */
  oldestHarborId: z.number().int().nullable().default(null),
  /** What kept a Harbor from answering when it was last asked (kept until it is asked again). */
  problems: z
    .array(
      z.object({
        side: harborSideSchema,
        url: z.string(),
        kind: z.enum(['no-answer', 'server-error', 'refused']),
        status: z.number().int().nullable(),
        detail: z.string(),
        robot: z.string().nullable(),
      }),
    )
    .default([]),
  progress: z
    .object({ executionId: z.number().int(), counters: z.string(), movedAt: isoTime })
    .nullable()
    .default(null),
  /** The REPLICATION queue at the last checks (oldest first, a few kept). */
  queue: z.array(z.object({ at: isoTime, count: z.number().int(), paused: z.boolean() })).default([]),
  /** When the current schedule (cron) was first seen: a missed run is counted from then at the earliest. */
  scheduleSince: z.object({ cron: z.string(), at: isoTime }).nullable().default(null),
  /** Start of the newest execution triggered by the schedule. */
  lastScheduledStart: isoTime.nullable().default(null),
  checked: z
    .object({
      policy: isoTime.optional(),
      registry: isoTime.optional(),
      queue: isoTime.optional(),
      robot: isoTime.optional(),
    })
    .default({}),
  /** Harbor's policy no longer exists (404 on the last read). */
  policyMissing: z.boolean().default(false),
});
export type WatchMemory = z.infer<typeof watchMemorySchema>;

/**
 * The poller's state. `observed` is what the last poll concluded; the other fields are the poller's
 * memory between polls (a newer server reads an older row: everything added later is optional).
 */
export const watchStateSchema = z.object({
  observed: observedSchema,
  rule: watchSummarySchema.shape.rule.omit({ policyId: true, name: true, side: true }).optional(),
  endpointHealth: watchSummarySchema.shape.endpoint.shape.health.optional(),
  /** Replication robot expiry as last read from Harbor (Unix seconds, -1 never) and when. */
  replicationRobotRead: z.object({ expiresAt: z.number().int(), checkedAt: z.string() }).optional(),
  /**
   * Per Harbor, how far its clock runs ahead of the server's (seconds), from the `Date` header of its
   * last answer (watch/harbor-clock.ts): robot expiry is counted on that Harbor's clock.
   */
  clockSkewSeconds: z
    .object({ source: z.number().int().optional(), target: z.number().int().optional() })
    .optional(),
  memory: watchMemorySchema.optional(),
});
export type WatchState = z.infer<typeof watchStateSchema>;

/** The stored state, or null when there is none yet or it no longer parses (the next poll rewrites it). */
export function readWatchState(record: Pick<WatchRecord, 'state'>): WatchState | null {
  const parsed = watchStateSchema.safeParse(record.state);
  return parsed.success ? parsed.data : null;
}

export function summarizeWatch(record: WatchRecord): WatchSummary {
  const { config } = record;
  const state = readWatchState(record);
  const robotRead = state?.replicationRobotRead;
  const skew = (side: HarborSide) => {
    const seconds = state?.clockSkewSeconds?.[side];
    return seconds === undefined ? {} : { clockSkewSeconds: seconds };
  };
  return {
    id: record.id,
    setupId: record.setupId,
    name: config.name,
    mode: config.mode,
    sourceUrl: config.harbors.source.url,
    targetUrl: config.harbors.target.url,
    createdAt: record.createdAt,
    rule: {
      policyId: config.rule.policyId,
      name: config.rule.name,
      side: config.rule.side,
      ...(state?.rule ?? { trigger: 'manual', cron: null, enabled: true, nextRunAt: null }),
    },
    endpoint: {
      id: config.endpoint.id,
      name: config.endpoint.name,
      health: state?.endpointHealth ?? 'unknown',
    },
    replicationRobot: {
      side: config.replicationRobot.side,
      name: config.replicationRobot.name,
      expiresAt: robotRead?.expiresAt ?? config.replicationRobot.expiresAt,
      source: robotRead ? 'harbor' : 'recorded',
      checkedAt: robotRead?.checkedAt ?? null,
      ...skew(config.replicationRobot.side),
    },
    watchRobots: config.watchRobots.map((robot) => ({
      side: robot.side,
      name: robot.name,
      expiresAt: robot.expiresAt,
      source: 'recorded',
      checkedAt: null,
      ...skew(robot.side),
    })),
    ...(state?.observed ?? {
      lastExecution: null,
      recent: [],
      consecutiveFailures: 0,
      lastSuccessAt: null,
      conditions: [],
      verdict: 'pending',
      reason: 'Waiting for the first check.',
      stuck: null,
      harbors: [],
      polledAt: null,
    }),
    nextPollAt: new Date(record.nextPollAt).toISOString(),
  };
}
