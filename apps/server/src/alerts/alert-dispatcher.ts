// Delivers every pending alert to its target: due deliveries are sent (a few at once), a failure
// that may pass is tried again after an exponential backoff with jitter, and the attempt count and
// next try are stored, so a restart resumes where it stopped. After MAX_ATTEMPTS it gives up and
// keeps the last error for the history.
import type { FastifyBaseLogger } from 'fastify';

import type { AlertStore, DeliveryRecord, StoredAlert } from '../storage/alert-store.ts';
import { Semaphore } from '../wizard/semaphore.ts';
import { renderAlert } from './alert-message.ts';
import type { AlertTargets } from './alert-targets.ts';
import type { WebhookSend } from './webhook-sender.ts';

export const MAX_ATTEMPTS = 6;
export const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;
const PARALLEL_SENDS = 4;
const BATCH = 50;
// setTimeout's largest delay; a later due time is simply re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The wait after the `failures`-th failed attempt: base × 2^(failures−1), capped, of which a random
 * half is dropped ("equal jitter"), so receivers that failed together are not hit together again.
 */
export function backoffMs(failures: number, random: () => number): number {
  const full = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(full / 2 + (full / 2) * random());
}

export class AlertDispatcher {
  readonly #sending = new Semaphore(PARALLEL_SENDS);
  #running: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #stop = new AbortController();

  constructor(
    private readonly deps: {
      store: AlertStore;
      targets: AlertTargets;
      send: WebhookSend;
      now: () => Date;
      random?: () => number;
      log: FastifyBaseLogger;
    },
  ) {}

  /** Sends whatever is due now; resolves when nothing due is left (including what became due meanwhile). */
  kick(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    // Sends under way are cut short and not counted: they go again after the restart.
    this.#stop.abort();
    await this.#running?.catch(() => undefined);
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        for (;;) {
          const due = await this.deps.store.dueDeliveries(this.deps.now().getTime(), BATCH);
          if (due.length === 0 || this.#closed) break;
          await Promise.all(
            due.map(({ delivery, alert }) => this.#sending.run(() => this.#attempt(alert, delivery))),
          );
        }
      } while (this.#again && !this.#closed);
      await this.#arm();
    } catch (error) {
      this.deps.log.error({ err: error }, 'alert delivery stopped on a storage error');
    }
  }

  async #arm(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const next = await this.deps.store.nextDueAt();
    if (next === null || this.#closed) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next - this.deps.now().getTime()));
    this.#timer = setTimeout(() => void this.kick(), wait);
    this.#timer.unref();
  }

  async #attempt(alert: StoredAlert, delivery: DeliveryRecord): Promise<void> {
    const { store, targets, log } = this.deps;
    const destination = await targets.destination(delivery.targetId);
    const at = this.deps.now();
    if (destination === null) {
      await store.updateDelivery(alert.id, delivery.targetId, {
        status: 'failed',
        attempts: delivery.attempts,
        lastError: 'the target was removed (or its URL can no longer be opened) before this alert reached it',
        lastAttemptAt: delivery.lastAttemptAt,
        nextAttemptAt: null,
      });
      return;
    }
    const result = await this.deps.send(
      destination.url,
      renderAlert(destination.format, alert),
      this.#stop.signal,
    );
    if (this.#closed) return;
    const attempts = delivery.attempts + 1;
    const where = {
      alertId: alert.id,
      kind: alert.kind,
      state: alert.state,
      target: destination.name,
      host: destination.maskedUrl,
      attempts,
    };
    if (result.ok) {
      await store.updateDelivery(alert.id, delivery.targetId, {
        status: 'sent',
        attempts,
        lastError: null,
        lastAttemptAt: at.toISOString(),
        nextAttemptAt: null,
      });
      log.info(where, 'alert delivered');
      return;
    }
    const giveUp = !result.retry || attempts >= MAX_ATTEMPTS;
    await store.updateDelivery(alert.id, delivery.targetId, {
      status: giveUp ? 'failed' : 'pending',
      attempts,
      lastError: result.error,
      lastAttemptAt: at.toISOString(),
      nextAttemptAt: giveUp ? null : at.getTime() + backoffMs(attempts, this.deps.random ?? Math.random),
    });
    log.warn(
      { ...where, error: result.error, gaveUp: giveUp },
      giveUp ? 'alert delivery failed' : 'alert delivery failed, will retry',
    );
  }
}
