// A hand-driven clock for the live feeds: time moves only when a test runs the next timer, and each
// run waits for the poll that timer started, so tests count calls per interval without real waiting.
import type { FeedTimers } from '../src/live/execution-feeds.ts';

type Pending = { id: number; at: number; callback: () => Promise<void> };

export class ManualTimers implements FeedTimers {
  #now = 0;
  #nextId = 1;
  #pending: Pending[] = [];

  now(): number {
    return this.#now;
  }

  set(callback: () => Promise<void>, ms: number): number {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.#now + ms, callback });
    this.#pending.sort((a, b) => a.at - b.at || a.id - b.id);
    return id;
  }

  clear(handle: unknown): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  }

  /** Delays from now of the timers still set. */
  get pending(): number[] {
    return this.#pending.map((p) => p.at - this.#now);
  }

  /** Moves time to the next timer and runs it to its end; false when none is set. */
  async next(): Promise<boolean> {
    const due = this.#pending.shift();
    if (!due) return false;
    this.#now = due.at;
    await due.callback();
    return true;
  }

  /** Runs every timer due before `ms` from now, then stands at that time. */
  async runFor(ms: number): Promise<void> {
    const end = this.#now + ms;
    while (this.#pending[0] && this.#pending[0].at < end) await this.next();
    this.#now = end;
  }
}
