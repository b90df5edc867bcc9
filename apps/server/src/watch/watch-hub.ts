// Where the poller announces what it saw, and everything that reacts to it subscribes: the
// server-sent events of the Replications page, the alerts and the metrics. In process: one server
// owns the poller (several replicas would need a shared bus, as the storage interface says).
import type { WatchSummary } from '@hw/wizard-api';

/** One poll of one watched rule, for the poller's own health metrics. */
export type PollRecord = {
  watchId: string;
  ok: boolean;
  /** Wall time of the poll. */
  seconds: number;
  /** Harbor requests the poll sent (both Harbors). */
  harborCalls: number;
};

export interface WatchObserver {
  /** A watch was polled or changed (also sent once for every watch when the server starts). */
  summary?(watch: WatchSummary): void;
  /** Watching stopped: forget everything about it. */
  removed?(watchId: string): void;
  poll?(record: PollRecord): void;
}

export class WatchHub {
  readonly #observers = new Set<WatchObserver>();

  /** Returns the unsubscribe function (an SSE stream calls it when the browser goes away). */
  subscribe(observer: WatchObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  // One observer's failure must not keep the others from hearing (nor break the poller).
  #each(call: (observer: WatchObserver) => void): void {
    for (const observer of this.#observers) {
      try {
        call(observer);
      } catch {
        // Observers handle and log their own errors; this guard only keeps the others going.
      }
    }
  }

  summary(watch: WatchSummary): void {
    this.#each((o) => o.summary?.(watch));
  }

  removed(watchId: string): void {
    this.#each((o) => o.removed?.(watchId));
  }

  poll(record: PollRecord): void {
    this.#each((o) => o.poll?.(record));
  }
}
