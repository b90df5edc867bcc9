// Prometheus metrics of the watched rules (from the poller's summaries, read at scrape time, so a
// removed watch's series disappear with it) and of the poller itself (from its poll records).
// prom-client costs about 14 MB of RSS once loaded, so it is imported on first use only: the first
// poll or the first scrape, never on an idle server that watches nothing.
import type { WatchSummary, WatchVerdict } from '@hw/wizard-api';
import type * as PromClientModule from 'prom-client';
import { watchVerdictSchema } from '@hw/wizard-api';

import type { PollRecord, WatchHub } from '../watch/watch-hub.ts';

type PromClient = typeof PromClientModule;

/** Harbor's replication execution statuses (the API's words); an unknown one gets its own series. */
const EXECUTION_STATUSES = ['InProgress', 'Succeed', 'Failed', 'Stopped'];
const VERDICTS: readonly WatchVerdict[] = watchVerdictSchema.options;
const RULE_LABELS = ['watch_id', 'rule', 'source', 'target'] as const;
// Poll records that arrive while prom-client loads; a bound, in case it never does.
const MAX_BUFFERED_POLLS = 10_000;

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function ruleLabels(watch: WatchSummary) {
  return {
    watch_id: watch.id,
    rule: watch.rule.name,
    source: origin(watch.sourceUrl),
    target: origin(watch.targetUrl),
  };
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

type Built = {
  registry: InstanceType<PromClient['Registry']>;
  /** A poll that ended at `at` (Unix seconds). */
  record: (poll: PollRecord, at: number) => void;
};

export class WatchMetrics {
  readonly #watches = new Map<string, WatchSummary>();
  readonly #buffered: { poll: PollRecord; at: number }[] = [];
  #built: Promise<Built> | null = null;
  #ready: Built | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(private readonly now: () => Date) {}

  start(hub: WatchHub): void {
    this.#unsubscribe = hub.subscribe({
      summary: (watch) => {
        this.#watches.set(watch.id, watch);
      },
      removed: (watchId) => {
        this.#watches.delete(watchId);
      },
      poll: (record) => this.#poll(record),
    });
  }

  close(): void {
    this.#unsubscribe?.();
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    const { registry } = await this.#load();
    return { contentType: registry.contentType, text: await registry.metrics() };
  }

  #poll(record: PollRecord): void {
    const at = this.now().getTime() / 1000;
    if (this.#ready) {
      this.#ready.record(record, at);
      return;
    }
    if (this.#buffered.length < MAX_BUFFERED_POLLS) this.#buffered.push({ poll: record, at });
    void this.#load().catch(() => undefined);
  }

  #load(): Promise<Built> {
    this.#built ??= import('prom-client').then((client) => {
      const built = this.#build(client);
      for (const { poll, at } of this.#buffered.splice(0)) built.record(poll, at);
      this.#ready = built;
      return built;
    });
    return this.#built;
  }

  #build(client: PromClient): Built {
    const registry = new client.Registry();
    const registers = [registry];
    const watches = () => [...this.#watches.values()];
    const now = () => this.now().getTime() / 1000;

    new client.Gauge({
      name: 'harbor_replication_watches',
      help: 'Replication rules the wizard watches.',
      registers,
      collect() {
        this.set(watches().length);
      },
    });
    type SetValue = (value: number, labels?: Record<string, string>) => void;
    /** A gauge per watched rule, refilled from the latest summaries at each scrape. */
    const ruleGauge = (
      name: string,
      help: string,
      labels: string[],
      fill: (w: WatchSummary, set: SetValue) => void,
    ) =>
      new client.Gauge({
        name,
        help,
        labelNames: [...RULE_LABELS, ...labels],
        registers,
        collect() {
          this.reset();
          for (const w of watches())
            fill(w, (value, extra = {}) => this.set({ ...ruleLabels(w), ...extra }, value));
        },
      });
    /** One series per state, 1 on the current one: an alerting rule matches the state by label. */
    const oneHot = (set: SetValue, label: string, states: readonly string[], current: string) => {
      for (const state of states.includes(current) ? states : [...states, current])
        set(state === current ? 1 : 0, { [label]: state });
    };

    ruleGauge(
      'harbor_replication_last_success_timestamp_seconds',
      'When the last execution that succeeded ended (Unix time); absent while none is known.',
      [],
      (w, set) => {
        if (w.lastSuccessAt) set(seconds(w.lastSuccessAt));
      },
    );
    ruleGauge(
      'harbor_replication_last_execution_status',
      'The last execution status: 1 on the series of the current status, 0 on the others.',
      ['status'],
      (w, set) => {
        if (w.lastExecution) oneHot(set, 'status', EXECUTION_STATUSES, w.lastExecution.status);
      },
    );
    ruleGauge(
      'harbor_replication_last_execution_start_timestamp_seconds',
      'When the last execution started (Unix time).',
      [],
      (w, set) => {
        if (w.lastExecution) set(seconds(w.lastExecution.startTime));
      },
    );
    ruleGauge(
      'harbor_replication_consecutive_failures',
      'Executions that failed in a row, newest first.',
      [],
      (w, set) => {
        if (w.polledAt !== null) set(w.consecutiveFailures);
      },
    );
    ruleGauge(
      'harbor_replication_robot_expiry_seconds',
      'Seconds until a robot account expires by its Harbor\'s clock (negative once expired, +Inf when it never does); robot="replication" is the one the rule replicates with, robot="watch" the read-only one the wizard watches with.',
      ['robot', 'side'],
      (w, set) => {
        const at = now();
        const robots = [
          { robot: 'replication', r: w.replicationRobot },
          ...w.watchRobots.map((r) => ({ robot: 'watch', r })),
        ];
        for (const { robot, r } of robots) {
          if (r.expiresAt === null) continue;
          // Harbor refuses an expired robot by its own clock (watch/harbor-clock.ts).
          const harborNow = at + (r.clockSkewSeconds ?? 0);
          set(r.expiresAt === -1 ? Number.POSITIVE_INFINITY : r.expiresAt - harborNow, {
            robot,
            side: r.side,
          });
        }
      },
    );
    ruleGauge(
      'harbor_replication_harbor_up',
      'Whether the Harbor answered the watch robot at the last poll (1) or not (0).',
      ['side'],
      (w, set) => {
        for (const h of w.harbors) if (h.reachable !== null) set(h.reachable ? 1 : 0, { side: h.side });
      },
    );
    ruleGauge(
      'harbor_replication_health',
      'The watch verdict: 1 on the series of the current verdict, 0 on the others.',
      ['verdict'],
      (w, set) => oneHot(set, 'verdict', VERDICTS, w.verdict),
    );

    const polls = new client.Counter({
      name: 'harbor_replication_polls_total',
      help: 'Polls of watched rules, by result (ok: both Harbors answered).',
      labelNames: ['result'],
      registers,
    });
    polls.inc({ result: 'ok' }, 0);
    polls.inc({ result: 'error' }, 0);
    const duration = new client.Histogram({
      name: 'harbor_replication_poll_duration_seconds',
      help: 'Wall time of one poll of one rule.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const calls = new client.Counter({
      name: 'harbor_replication_harbor_calls_total',
      help: 'Requests the poller sent to Harbors.',
      registers,
    });
    const lastPoll = new client.Gauge({
      name: 'harbor_replication_last_poll_timestamp_seconds',
      help: 'When the poller last finished a poll (Unix time); absent before the first.',
      registers,
    });

    return {
      registry,
      record: (poll, at) => {
        polls.inc({ result: poll.ok ? 'ok' : 'error' });
        duration.observe(poll.seconds);
        calls.inc(poll.harborCalls);
        lastPoll.set(at);
      },
    };
  }
}
