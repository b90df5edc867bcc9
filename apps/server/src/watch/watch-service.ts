// "Keep watching" a setup's rule: the plan shown before anything is created, the start (one
// least-privilege robot per Harbor it must read, checked, then the watch stored with their sealed
// secrets) and the stop (robots deleted with a short-lived admin login, or kept and listed).
import { randomUUID } from 'node:crypto';

import type { HarborClient } from '@hw/harbor-client';
import type {
  CreatedObject,
  HarborSide,
  startWatchBodySchema,
  stopWatchRequestSchema,
  stopWatchResultSchema,
  WatchPlan,
  WatchSummary,
} from '@hw/wizard-api';
import type { z } from 'zod';

import type { AppContext } from '../context.ts';
import { fail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import { watchSecretAad, type WatchConfig, type WatchRecord } from '../storage/watch-store.ts';
import { answered } from '../wizard/adopt.ts';
import type { SetupRef } from '../wizard/setups.ts';
import {
  adminClientForSetup,
  adminClientFromLogin,
  deleteWatchRobot,
  discardWatchRobots,
  obtainWatchRobot,
  planForSetup,
  publicPlan,
  verifyWatchRobot,
  type ObtainedWatchRobot,
} from './watch-robots.ts';
import { summarizeWatch } from './watch-summary.ts';

type StartWatchBody = z.infer<typeof startWatchBodySchema>;
type StopWatchBody = z.infer<typeof stopWatchRequestSchema>;
type StopWatchResult = z.infer<typeof stopWatchResultSchema>;

/**
 * The watch robots' name suffix: the same on every look at the plan and at the start, so the names
 * shown before are the names created. Keyed (not guessable from the setup id); a new round after an
 * attempt Harbor refused, so a retry picks another name.
 */
function robotSuffix(ctx: AppContext, setup: SetupRecord): string {
  const { pendingWatch, watchNameRound = 0 } = setup.internal;
  if (pendingWatch) return pendingWatch.suffix;
  const mac = ctx.vault.mac('watch-robot-suffix', `${setup.id}:${watchNameRound}`);
  return Buffer.from(mac, 'base64url').toString('hex').slice(0, 6);
}

/** What "Keep watching" would create for this setup (nothing is created). */
export async function planWatch(ctx: AppContext, ref: SetupRef): Promise<WatchPlan> {
  const setup = await ctx.setups.load(ref.sessionId, ref.setupId);
  ref.version = setup.state.version;
  return publicPlan(planForSetup(setup, robotSuffix(ctx, setup)));
}

/** What the watch copies from the setup: it outlives the setup and its session. */
export function watchConfig(setup: SetupRecord, robots: ObtainedWatchRobot[]): WatchConfig {
  const { state, internal } = setup;
  const { policy, endpoint, robot } = state;
  if (!policy || !endpoint || !robot) throw new Error('a setup with a rule has its endpoint and robot');
  const harbor = (side: HarborSide) => {
    const connection = internal.connections[side];
    if (!connection) throw new Error(`the ${side} Harbor of a setup with a rule is connected`);
    return {
      url: connection.url,
      tls: connection.tls,
      demo: connection.demo,
      version: state[side]?.version ?? null,
    };
  };
  return {
    name: policy.name,
    mode: state.mode,
    harbors: { source: harbor('source'), target: harbor('target') },
    rule: { policyId: policy.id, name: policy.name, side: policy.side },
    endpoint: { id: endpoint.id, name: endpoint.name, side: endpoint.side },
    replicationRobot: {
      side: robot.side,
      id: robot.id,
      name: robot.name,
      project: robot.project,
      expiresAt: robot.expiresAt,
    },
    watchRobots: robots.map((r) => ({
      side: r.spec.side,
      id: r.id,
      name: r.name,
      expiresAt: r.expiresAt,
      readsReplicationRobot: r.spec.readsReplicationRobot,
      readsJobService: r.spec.readsJobService,
    })),
  };
}

async function settlePending(ctx: AppContext, setup: SetupRecord): Promise<void> {
  if (!setup.internal.pendingWatch) return;
  delete setup.internal.pendingWatch;
  await ctx.setups.save(setup);
}

/**
 * Creates the watch robots and the watch. Idempotent: a retry returns the existing watch, and a
 * robot an earlier attempt created (its answer lost) is adopted instead of made twice.
 */
export function startWatch(
  ctx: AppContext,
  ref: SetupRef,
  body: StartWatchBody,
  address: string,
): Promise<WatchSummary> {
  return ctx.setups.mutate(ref, async (setup) => {
    const existing = await ctx.storage.watches.findBySetup(setup.id);
    if (existing) {
      await settlePending(ctx, setup);
      return summarizeWatch(existing);
    }
    const { policy, robot } = setup.state;
    if (!policy || !robot) {
      fail(409, 'rule-not-created', 'This setup has no replication rule yet: there is nothing to watch.', {
        hint: 'Create the rule on the "Rule" step first, then choose to keep watching it.',
      });
    }
    const ruleDeleted = setup.state.cleanup?.steps.some(
      (s) => s.kind === 'policy' && (s.status === 'deleted' || s.status === 'already-gone'),
    );
    if (ruleDeleted) {
      fail(
        409,
        'rule-deleted',
        `The clean-up of this setup deleted its rule "${policy.name}": there is nothing to watch.`,
        {
          hint: 'Start a new setup to replicate (and watch) again.',
        },
      );
    }
    const pending = setup.internal.pendingWatch ?? { suffix: robotSuffix(ctx, setup), robots: [] };
    const plan = planForSetup(setup, pending.suffix);
    if (!plan.possible)
      fail(409, 'watch-not-possible', plan.message ?? 'This replication cannot be watched.');

    // Every login first: a wrong password must fail before anything is created.
    const clients = new Map<HarborSide, HarborClient>();
    for (const spec of plan.robots) {
      clients.set(
        spec.side,
        await adminClientForSetup(ctx, setup, spec.side, body.logins[spec.side], address),
      );
    }
    if (!setup.internal.pendingWatch) {
      setup.internal.pendingWatch = pending;
      await ctx.setups.save(setup);
    }
    const made: ObtainedWatchRobot[] = [];
    try {
      for (const spec of plan.robots) {
        const client = clients.get(spec.side) as HarborClient;
        made.push(await obtainWatchRobot(ctx, setup, client, spec, body.durationDays));
      }
      for (const robotMade of made) {
        const connection = setup.internal.connections[robotMade.spec.side];
        if (!connection) throw new Error('connected side');
        await verifyWatchRobot(ctx, connection, robotMade, {
          policyId: policy.id,
          replicationRobotId: robot.id,
        });
      }
    } catch (error) {
      // Harbor answered (or the check failed): nothing is in doubt, so nothing may stay behind. A
      // lost answer keeps the record for the retry to adopt.
      if (answered(error)) {
        const left = await discardWatchRobots(clients, setup.internal.pendingWatch?.robots ?? []);
        if (left.length > 0 && setup.internal.pendingWatch) setup.internal.pendingWatch.robots = left;
        else {
          delete setup.internal.pendingWatch;
          setup.internal.watchNameRound = (setup.internal.watchNameRound ?? 0) + 1;
        }
        await ctx.setups.save(setup);
      }
      throw error;
    }

    const id = randomUUID();
    const record: WatchRecord = {
      id,
      setupId: setup.id,
      createdAt: ctx.now().toISOString(),
      config: watchConfig(setup, made),
      state: null,
      // Due at once: the poller's first check follows the start.
      nextPollAt: ctx.now().getTime(),
      pollFailures: 0,
    };
    await ctx.storage.watches.create(
      record,
      made.map((r) => ({
        side: r.spec.side,
        sealed: ctx.vault.seal(r.secret, watchSecretAad(id, r.spec.side)),
      })),
    );
    await settlePending(ctx, setup);
    const summary = summarizeWatch(record);
    ctx.watchHub.summary(summary);
    // The first check runs now, not at the poller's next tick: the page shows a verdict at once.
    void ctx.watchPoller.pollNow(record.id).catch(() => undefined);
    return summary;
  });
}

const KEEP_HINT = 'delete it in Harbor (Administration → Robot Accounts) when you no longer need it';

/** Stops watching: deletes both watch robots (or keeps them, named), then forgets the watch. */
export async function stopWatch(
  ctx: AppContext,
  watchId: string,
  body: StopWatchBody,
  caller: { sessionId: string; address: string },
): Promise<StopWatchResult> {
  const record = await ctx.storage.watches.get(watchId);
  if (!record) {
    fail(404, 'watch-not-found', 'This watch does not exist (it may have been stopped already).', {
      hint: 'Reload the Replications page.',
    });
  }
  const { config } = record;
  const robots: StopWatchResult['robots'] = [];
  if (body.keepRobots) {
    for (const robot of config.watchRobots) {
      const harbor = config.harbors[robot.side];
      robots.push({
        side: robot.side,
        name: robot.name,
        deleted: false,
        message: `Kept "${robot.name}" on the ${robot.side} Harbor (${harbor.url}): ${KEEP_HINT}.`,
      });
    }
  } else {
    // Every login first, so a wrong password deletes nothing.
    const clients = new Map<HarborSide, HarborClient>();
    for (const robot of config.watchRobots) {
      clients.set(
        robot.side,
        await adminClientFromLogin(ctx, config.harbors[robot.side], robot.side, body.logins[robot.side], {
          audit: { sessionId: caller.sessionId, setupId: record.setupId, side: robot.side },
          address: caller.address,
          purpose: 'to delete the watch robot (or keep the robots)',
        }),
      );
    }
    for (const robot of config.watchRobots) {
      const outcome = await deleteWatchRobot(clients.get(robot.side) as HarborClient, robot.id);
      robots.push({
        side: robot.side,
        name: robot.name,
        deleted: true,
        message:
          outcome === 'deleted'
            ? `Deleted "${robot.name}" on the ${robot.side} Harbor.`
            : `"${robot.name}" on the ${robot.side} Harbor was already deleted.`,
      });
    }
  }
  await ctx.storage.watches.delete(record.id);
  ctx.watchHub.removed(record.id);
  return { robots };
}

/** The watch robots of a setup (its watch's, and those of an unfinished start), for its clean-up. */
export async function watchRobotsOfSetup(ctx: AppContext, setup: SetupRecord): Promise<CreatedObject[]> {
  const watch = await ctx.storage.watches.findBySetup(setup.id);
  const robots = [...(watch?.config.watchRobots ?? []), ...(setup.internal.pendingWatch?.robots ?? [])];
  const seen = new Set<string>();
  return robots.flatMap((r) => {
    const key = `${r.side}/${r.id}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ side: r.side, kind: 'robot' as const, id: r.id, name: r.name }];
  });
}

/** After a clean-up deleted every watch robot of the setup: the watch and its record go too. */
export async function forgetWatchOfSetup(ctx: AppContext, setup: SetupRecord): Promise<void> {
  const watch = await ctx.storage.watches.findBySetup(setup.id);
  if (watch) {
    await ctx.storage.watches.delete(watch.id);
    ctx.watchHub.removed(watch.id);
  }
  delete setup.internal.pendingWatch;
}
