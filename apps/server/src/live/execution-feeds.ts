// One server-side poll per (setup, execution) that anyone is watching, shared by every tab: the run
// step's tabs subscribe here instead of each polling Harbor. A feed polls only while it has a
// subscriber and the execution is not final: the execution every 5 s (its counters), the first page
// of its tasks only when the counters moved and at most every 20 s, and once more at the end. So a
// running execution costs at most 12 + 3 = 15 Harbor calls per minute, whatever the number of tabs.
import { isHarborError } from '@hw/harbor-client';
import type { ApiError, Execution, Task } from '@hw/wizard-api';

import { ApiFailure, describeHarborError } from '../errors.ts';
import { INTERNAL } from '../plugins/error-handler.ts';
import type { ExecutionReader } from '../wizard/executions.ts';

export type TaskPage = { items: Task[]; total: number };

export type FeedEvent =
  | { event: 'execution'; data: Execution }
  | { event: 'tasks'; data: TaskPage }
  | { event: 'failure'; data: ApiError };

export type FeedListener = {
  send(event: FeedEvent): void;
  /** The feed is over (final execution, or a failure no retry can mend). */
  end(): void;
};

/** Time as the feeds see it; tests drive it by hand. A callback's promise is the poll it started. */
export type FeedTimers = {
  now(): number;
  set(callback: () => Promise<void>, ms: number): unknown;
  clear(handle: unknown): void;
};

export const realTimers: FeedTimers = {
  now: () => Date.now(),
  set: (callback, ms) => {
    const handle = setTimeout(() => void callback(), ms);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const FEED_TIMING = {
  executionMs: 5_000,
  tasksMs: 20_000,
  /** After a failed poll: doubled per failure in a row, up to `maxBackoffMs`. */
  backoffMs: 5_000,
  maxBackoffMs: 60_000,
};

const counters = (e: Execution): string =>
  [e.status, e.total, e.succeed, e.failed, e.stopped, e.inProgress].join('/');

/** The API's error body for a failed poll, and whether polling again could ever help. */
function failureOf(error: unknown): { body: ApiError; permanent: boolean } {
  if (error instanceof ApiFailure) return { body: error.body, permanent: error.status < 500 };
  if (isHarborError(error)) {
    // Gone or forbidden stays so; an unreachable or failing Harbor may come back.
    return {
      body: describeHarborError(error).body,
      permanent: error.status !== undefined && [401, 403, 404].includes(error.status),
    };
  }
  return { body: INTERNAL, permanent: false };
}

class Feed {
  readonly listeners = new Set<FeedListener>();
  #lastExecution: Execution | null = null;
  #lastExecutionJson = '';
  #lastTasks: TaskPage | null = null;
  #lastTasksJson = '';
  #tasksAt = Number.NEGATIVE_INFINITY;
  #tasksCounters: string | null = null;
  #failures = 0;
  #timer: unknown = null;
  #closed = false;

  constructor(
    private readonly reader: ExecutionReader,
    private readonly timers: FeedTimers,
    private readonly onClosed: () => void,
  ) {}

  /** A late subscriber gets what the feed already knows at once, without a Harbor call. */
  join(listener: FeedListener): void {
    this.listeners.add(listener);
    if (this.#lastExecution) listener.send({ event: 'execution', data: this.#lastExecution });
    if (this.#lastTasks) listener.send({ event: 'tasks', data: this.#lastTasks });
  }

  leave(listener: FeedListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.close();
  }

  start(): void {
    this.#schedule(0);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== null) this.timers.clear(this.#timer);
    this.#timer = null;
    this.onClosed();
  }

  #emit(event: FeedEvent): void {
    for (const listener of this.listeners) listener.send(event);
  }

  finish(): void {
    const listeners = [...this.listeners];
    this.close();
    for (const listener of listeners) listener.end();
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    this.#timer = this.timers.set(() => this.poll(), ms);
  }

  async poll(): Promise<void> {
    this.#timer = null;
    if (this.#closed) return;
    try {
      const execution = await this.reader.execution();
      if (this.#closed) return;
      // The tasks go first: a tab that sees the final execution may close at once, tasks included.
      const moved = counters(execution) !== this.#tasksCounters;
      const due = this.timers.now() - this.#tasksAt >= FEED_TIMING.tasksMs;
      if (execution.final || (moved && due)) {
        const tasks = await this.reader.tasks();
        if (this.#closed) return;
        this.#tasksAt = this.timers.now();
        this.#tasksCounters = counters(execution);
        const tasksJson = JSON.stringify(tasks);
        if (tasksJson !== this.#lastTasksJson) {
          this.#lastTasks = tasks;
          this.#lastTasksJson = tasksJson;
          this.#emit({ event: 'tasks', data: tasks });
        }
      }
      const json = JSON.stringify(execution);
      if (json !== this.#lastExecutionJson) {
        this.#lastExecution = execution;
        this.#lastExecutionJson = json;
        this.#emit({ event: 'execution', data: execution });
      }
      this.#failures = 0;
      if (execution.final) this.finish();
      else this.#schedule(FEED_TIMING.executionMs);
    } catch (error) {
      if (this.#closed) return;
      const failure = failureOf(error);
      this.#emit({ event: 'failure', data: failure.body });
      if (failure.permanent) {
        this.finish();
        return;
      }
      this.#failures += 1;
      this.#schedule(Math.min(FEED_TIMING.maxBackoffMs, FEED_TIMING.backoffMs * 2 ** (this.#failures - 1)));
    }
  }
}

/** The live feeds of the server, one per (setup, execution) with at least one subscriber. */
export class ExecutionFeeds {
  readonly #feeds = new Map<string, Feed>();

  constructor(private readonly timers: FeedTimers = realTimers) {}

  /**
   * Subscribes `listener` to the execution's feed, starting it with `reader` when none runs yet
   * (the caller has checked that the session may read this setup). Returns the unsubscribe.
   */
  subscribe(
    key: { setupId: string; executionId: number },
    reader: ExecutionReader,
    listener: FeedListener,
  ): () => void {
    const id = `${key.setupId}/${key.executionId}`;
    let feed = this.#feeds.get(id);
    const fresh = feed === undefined;
    if (!feed) {
      const created: Feed = new Feed(reader, this.timers, () => {
        if (this.#feeds.get(id) === created) this.#feeds.delete(id);
      });
      feed = created;
      this.#feeds.set(id, created);
    }
    feed.join(listener);
    const joined = feed;
    if (fresh) joined.start();
    return () => joined.leave(listener);
  }

  /** How many feeds are polling (for tests and diagnostics). */
  get size(): number {
    return this.#feeds.size;
  }

  /** Ends every feed and its subscribers' streams (server shutdown). */
  closeAll(): void {
    for (const feed of [...this.#feeds.values()]) feed.finish();
  }
}
