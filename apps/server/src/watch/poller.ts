// The server-side poller: one poll per watched rule per interval however many browsers look (30 s;
// 5 s while a run is in progress), a schedule kept in storage so a restart goes on where it stopped
// (overdue watches first), backoff with jitter while a Harbor fails (it is asked less often, not
// more), and bounded concurrency: a few polls at once overall, at most two against one Harbor.
import type { WatchSummary } from '@hw/wizard-api';
import type { FastifyBaseLogger } from 'fastify';

import type { WatchPollerConfig } from '../config.ts';
import type { HarborConnector } from '../harbor/connector.ts';
import type { Storage } from '../storage/storage.ts';
import type { PollSchedule, WatchRecord } from '../storage/watch-store.ts';
import { Semaphore } from '../wizard/semaphore.ts';
import { pollRule } from './poll-rule.ts';
import type { WatchHub } from './watch-hub.ts';
import { summarizeWatch } from './watch-summary.ts';

/** How often the poller looks for due watches (a cheap indexed query). */
const TICK_MS = 1000;
/** Due watches taken per tick (the rest wait for the next one). */
const BATCH = 500;
const MAX_BACKOFF_MS = 10 * 60_000;
export const PER_HARBOR_CONCURRENCY = 2;

export type PollerDeps = {
  storage: Storage;
  harbor: HarborConnector;
  hub: WatchHub;
  config: WatchPollerConfig;
  now: () => Date;
  log: FastifyBaseLogger;
  /** In [0, 1): the jitter of the backoff (tests fix it). */
  random?: () => number;
};

/**
 * When to poll next: the normal interval after a good poll; after `failures` bad ones in a row,
 * min(interval × 2^failures, 10 min) × a random 0.8–1.2, so many watches of one Harbor that went
 * down do not all come back at the same instant.
 */
export function nextSchedule(
  config: WatchPollerConfig,
  now: number,
  outcome: { ok: boolean; running: boolean; previousFailures: number },
  random: () => number,
): PollSchedule {
  if (outcome.ok) {
    return { nextPollAt: now + (outcome.running ? config.runningPollMs : config.pollMs), pollFailures: 0 };
  }
  const failures = outcome.previousFailures + 1;
  const base = Math.min(config.pollMs * 2 ** failures, Math.max(MAX_BACKOFF_MS, config.pollMs));
  return { nextPollAt: now + Math.round(base * (0.8 + 0.4 * random())), pollFailures: failures };
}

const harborKey = (record: WatchRecord): string => {
  const url = record.config.harbors[record.config.rule.side].url;
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

export class WatchPoller {
  readonly #deps: PollerDeps;
  readonly #random: () => number;
  readonly #all: Semaphore;
  readonly #perHarbor = new Map<string, Semaphore>();
  readonly #inFlight = new Map<string, Promise<WatchSummary | null>>();
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<number> | null = null;
  #stopped = false;

  constructor(deps: PollerDeps) {
    this.#deps = deps;
    this.#random = deps.random ?? Math.random;
    this.#all = new Semaphore(deps.config.concurrency);
  }

  /** Announces every watch once, then polls on a timer (`timer: false`: only through `tick`). */
  async start(options: { timer?: boolean } = {}): Promise<void> {
    for (const record of await this.#deps.storage.watches.list()) {
      this.#deps.hub.summary(summarizeWatch(record));
    }
    if (options.timer ?? true) this.#schedule(0);
  }

  /** Stops the timer and waits for the polls under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#ticking;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    // The timer only starts the due polls: a Harbor that answers slowly holds its own polls, not
    // the next tick of every other watch.
    this.#timer = setTimeout(() => {
      void this.#startDue().finally(() => this.#schedule(TICK_MS));
    }, delay);
    this.#timer.unref();
  }

  /**
   * Polls every due watch (most overdue first) and resolves when they, and any poll already under
   * way, are done. Returns how many polls it started.
   */
  async tick(): Promise<number> {
    const started = await this.#startDue();
    await Promise.allSettled([...this.#inFlight.values()]);
    return started;
  }

  /** Starts the polls of the due watches not already under way; how many it started. */
  #startDue(): Promise<number> {
    this.#ticking ??= (async () => {
      let due: WatchRecord[];
      try {
        due = await this.#deps.storage.watches.due(this.#deps.now().getTime(), BATCH);
      } catch (error) {
        this.#deps.log.error({ err: error }, 'watch poller: reading the due watches failed');
        return 0;
      }
      const fresh = due.filter((record) => !this.#inFlight.has(record.id));
      for (const record of fresh) void this.#start(record);
      return fresh.length;
    })().finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  /** Polls one watch now, whatever its schedule (or waits for the poll under way). */
  async pollNow(id: string): Promise<WatchSummary | null> {
    const running = this.#inFlight.get(id);
    if (running) return running;
    const record = await this.#deps.storage.watches.get(id);
    return record ? this.#start(record) : null;
  }

  #start(record: WatchRecord): Promise<WatchSummary | null> {
    const key = harborKey(record);
    let host = this.#perHarbor.get(key);
    if (!host) {
      host = new Semaphore(PER_HARBOR_CONCURRENCY);
      this.#perHarbor.set(key, host);
    }
    const gate = host;
    const poll = gate
      .run(() => this.#all.run(() => this.#poll(record)))
      .finally(() => this.#inFlight.delete(record.id));
    this.#inFlight.set(record.id, poll);
    return poll;
  }

  async #poll(queued: WatchRecord): Promise<WatchSummary | null> {
    const { storage, hub, log } = this.#deps;
    // Read again: it may have been polled, changed or stopped while it waited for its turn.
    const record = await storage.watches.get(queued.id);
    if (!record) return null;
    const started = performance.now();
    const now = this.#deps.now();
    let outcome: Awaited<ReturnType<typeof pollRule>> | null = null;
    try {
      outcome = await pollRule(
        { harbor: this.#deps.harbor, archive: storage.archive, config: this.#deps.config },
        record,
        now,
      );
    } catch (error) {
      log.error({ err: error, watchId: record.id }, 'watch poll failed');
    }
    const schedule = nextSchedule(
      this.#deps.config,
      now.getTime(),
      { ok: outcome?.ok ?? false, running: outcome?.running ?? false, previousFailures: record.pollFailures },
      this.#random,
    );
    const state = outcome?.state ?? record.state;
    try {
      // Stopped meanwhile: nothing to save or announce.
      if (!(await storage.watches.get(record.id))) return null;
      await storage.watches.saveState(record.id, state, schedule);
    } catch (error) {
      log.error({ err: error, watchId: record.id }, 'watch poller: saving the poll failed');
      return null;
    }
    const summary = summarizeWatch({ ...record, state, ...schedule });
    hub.summary(summary);
    hub.poll({
      watchId: record.id,
      ok: outcome?.ok ?? false,
      seconds: (performance.now() - started) / 1000,
      harborCalls: outcome?.harborCalls ?? 0,
    });
    return summary;
  }
}
