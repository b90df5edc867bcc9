// Alerts from what the poller sees: each watch summary's paging conditions (severity `alert`) open
// an incident (one alert) when they appear and resolve it (one "resolved") when they are gone. The
// incidents are stored, so a restart neither repeats nor forgets one; a watch that is removed has its
// incidents closed without a word. Also the test alert and the history.
import type { Alert, WatchSummary } from '@hw/wizard-api';
import type { FastifyBaseLogger } from 'fastify';

import { fail } from '../errors.ts';
import type { AlertRecord, Recipients } from '../storage/alert-store.ts';
import type { Storage } from '../storage/storage.ts';
import type { WatchHub } from '../watch/watch-hub.ts';
import { AlertDispatcher } from './alert-dispatcher.ts';
import { firingAlert, resolvedAlert, testAlert, type IncidentKind } from './alert-message.ts';
import type { AlertTargets } from './alert-targets.ts';
import type { WebhookSend } from './webhook-sender.ts';

export function toApiAlert(record: AlertRecord): Alert {
  return {
    id: record.id,
    watchId: record.watchId,
    ruleName: record.ruleName,
    kind: record.kind,
    state: record.state,
    message: record.message,
    at: record.at,
    deliveries: record.deliveries.map((d) => ({
      targetId: d.targetId,
      targetName: d.targetName,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt,
      nextAttemptAt:
        d.status === 'pending' && d.nextAttemptAt !== null ? new Date(d.nextAttemptAt).toISOString() : null,
    })),
  };
}

/** The condition kinds that page once they reach severity `alert` (expiring: within 7 days). */
function pagingConditions(watch: WatchSummary): Map<IncidentKind, WatchSummary['conditions'][number]> {
  const paging = new Map<IncidentKind, WatchSummary['conditions'][number]>();
  for (const condition of watch.conditions) {
    if (condition.severity === 'alert' && !paging.has(condition.kind)) paging.set(condition.kind, condition);
  }
  return paging;
}

export class AlertService {
  readonly dispatcher: AlertDispatcher;
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | null = null;

  constructor(
    readonly targets: AlertTargets,
    private readonly deps: {
      storage: Storage;
      hub: WatchHub;
      send: WebhookSend;
      publicUrl: string | null;
      now: () => Date;
      log: FastifyBaseLogger;
      random?: () => number;
    },
  ) {
    this.dispatcher = new AlertDispatcher({
      store: deps.storage.alerts,
      targets,
      send: deps.send,
      now: deps.now,
      log: deps.log,
      ...(deps.random ? { random: deps.random } : {}),
    });
  }

  /** Listens to the poller and resumes the deliveries a previous run left pending. */
  start(): void {
    this.#unsubscribe = this.deps.hub.subscribe({
      summary: (watch) => this.#enqueue(() => this.#reconcile(watch)),
      removed: (watchId) => this.#enqueue(() => this.#closeSilently(watchId)),
    });
    // Watches stopped while the server was down leave no incident open.
    this.#enqueue(async () => {
      const open = await this.deps.storage.alerts.openIncidents();
      for (const watchId of new Set(open.map((i) => i.watchId))) {
        if ((await this.deps.storage.watches.get(watchId)) === null) await this.#closeSilently(watchId);
      }
    });
    void this.dispatcher.kick();
  }

  /** Resolves once every summary received so far has been turned into alerts (or none). */
  settled(): Promise<void> {
    return this.#queue;
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue;
    await this.dispatcher.close();
  }

  // Summaries are handled one at a time, in order: two polls of one watch never both open an incident.
  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'turning a watch summary into alerts failed');
    });
  }

  async #recipients(): Promise<Recipients> {
    return { targets: await this.targets.recipients(), dueAt: this.deps.now().getTime() };
  }

  async #reconcile(watch: WatchSummary): Promise<void> {
    // Before a first poll nothing is known: an open incident must not resolve on "no conditions yet".
    if (watch.verdict === 'pending' || watch.polledAt === null) return;
    // A poll that ends after its watch was stopped must not open an incident nobody can close.
    if ((await this.deps.storage.watches.get(watch.id)) === null) return;
    const store = this.deps.storage.alerts;
    const paging = pagingConditions(watch);
    const open = new Map((await store.openIncidents(watch.id)).map((i) => [i.kind, i]));
    const ctx = { watch, publicUrl: this.deps.publicUrl, at: this.deps.now().toISOString() };
    let recorded = false;
    for (const [kind, condition] of paging) {
      if (open.has(kind)) continue;
      const id = await store.openIncident(
        { watchId: watch.id, kind, since: condition.since },
        firingAlert(ctx, condition),
        await this.#recipients(),
      );
      if (id !== null) {
        recorded = true;
        this.deps.log.info({ watchId: watch.id, kind, alertId: id }, 'alert opened');
      }
    }
    for (const kind of open.keys()) {
      if (kind === 'test' || paging.has(kind)) continue;
      const id = await store.resolveIncident(
        watch.id,
        kind,
        (incident) => resolvedAlert(ctx, kind, incident.since),
        await this.#recipients(),
      );
      if (id !== null) {
        recorded = true;
        this.deps.log.info({ watchId: watch.id, kind, alertId: id }, 'alert resolved');
      }
    }
    if (recorded) void this.dispatcher.kick();
  }

  async #closeSilently(watchId: string): Promise<void> {
    const closed = await this.deps.storage.alerts.closeIncidents(watchId);
    if (closed > 0)
      this.deps.log.info({ watchId, closed }, 'watch removed: its open incidents closed without alert');
  }

  async history(query: { watchId?: string; limit: number }): Promise<Alert[]> {
    return (await this.deps.storage.alerts.listAlerts(query)).map(toApiAlert);
  }

  /** Sends a test alert to one target and answers once the first attempt is over. */
  async test(targetId: string): Promise<Alert> {
    const target = await this.targets.get(targetId);
    const store = this.deps.storage.alerts;
    const id = await store.addAlert(testAlert(target.name, this.deps.now().toISOString()), {
      targets: [{ id: target.id, name: target.name }],
      dueAt: this.deps.now().getTime(),
    });
    await this.dispatcher.kick();
    const alert = await store.getAlert(id);
    if (!alert) fail(404, 'alert-not-found', 'The test alert is gone.');
    return toApiAlert(alert);
  }
}
