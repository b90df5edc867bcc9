import type { Execution } from '@hw/wizard-api';
import { apiErrorSchema } from '@hw/wizard-api';
import { HarborError } from '@hw/harbor-client';
import { describe, expect, it } from 'vitest';

import type { FeedEvent } from '../../src/live/execution-feeds.ts';
import { ExecutionFeeds } from '../../src/live/execution-feeds.ts';
import type { ExecutionReader } from '../../src/wizard/executions.ts';
import { ManualTimers } from '../manual-timers.ts';

const KEY = { setupId: 'setup-1', executionId: 7 };

/** An execution whose counters move by one task per read, final after `reads` reads. */
function movingExecution(reads = Number.POSITIVE_INFINITY) {
  const calls = { execution: 0, tasks: 0 };
  let failNext: Error | null = null;
  const at = (n: number): Execution => ({
    id: 7,
    status: n >= reads ? 'Succeed' : 'InProgress',
    statusText: '',
    trigger: 'manual',
    startTime: '2026-12-06T06:00:00Z',
    endTime: n >= reads ? '2026-12-06T06:10:00Z' : null,
    total: 1000,
    succeed: Math.min(n, 1000),
    failed: 0,
    stopped: 0,
    inProgress: 1000 - Math.min(n, 1000),
    final: n >= reads,
  });
  const reader: ExecutionReader = {
    execution: () => {
      calls.execution += 1;
      if (failNext) {
        const error = failNext;
        failNext = null;
        return Promise.reject(error);
      }
      return Promise.resolve(at(calls.execution));
    },
    tasks: () => {
      calls.tasks += 1;
      return Promise.resolve({ items: [], total: calls.execution });
    },
  };
  return { reader, calls, failOnce: (error: Error) => (failNext = error) };
}

function listener() {
  const events: FeedEvent[] = [];
  let ended = false;
  return {
    events,
    get ended() {
      return ended;
    },
    send: (event: FeedEvent) => events.push(event),
    end: () => (ended = true),
  };
}

const harbor500 = () =>
  new HarborError('internal error', {
    kind: 'http',
    status: 500,
    operation: 'GET /replication/executions/7',
    request: {
      method: 'GET',
      url: 'https://harbor.example.com/api/v2.0/replication/executions/7',
      headers: {},
    },
    errors: [{ code: 'UNKNOWN', message: 'internal error' }],
  });

describe('live execution feed', () => {
  it('costs 15 Harbor calls a minute while the counters move at every poll: 12 reads of the execution, 3 of its tasks', async () => {
    const timers = new ManualTimers();
    const feeds = new ExecutionFeeds(timers);
    const { reader, calls } = movingExecution();
    feeds.subscribe(KEY, reader, listener());
    await timers.runFor(60_000);
    expect(calls).toEqual({ execution: 12, tasks: 3 });
    await timers.runFor(60_000);
    expect(calls).toEqual({ execution: 24, tasks: 6 });
  });

  it('gives a late subscriber what the feed knows at once, without another Harbor call', async () => {
    const timers = new ManualTimers();
    const feeds = new ExecutionFeeds(timers);
    const { reader, calls } = movingExecution();
    feeds.subscribe(KEY, reader, listener());
    await timers.next();
    const late = listener();
    feeds.subscribe(KEY, movingExecution().reader, late);
    expect(calls).toEqual({ execution: 1, tasks: 1 });
    expect(late.events.map((e) => e.event).sort()).toEqual(['execution', 'tasks']);
    expect(feeds.size).toBe(1);
  });

  it('reads the tasks once more at the end, sends the final state and stops', async () => {
    const timers = new ManualTimers();
    const feeds = new ExecutionFeeds(timers);
    const { reader, calls } = movingExecution(3);
    const tab = listener();
    feeds.subscribe(KEY, reader, tab);
    await timers.runFor(60_000);
    expect(calls).toEqual({ execution: 3, tasks: 2 });
    // The final tasks before the final execution: a tab may close once it sees the execution final.
    expect(tab.events.slice(-2).map((e) => e.event)).toEqual(['tasks', 'execution']);
    expect(tab.events.at(-1)?.data).toMatchObject({ status: 'Succeed', final: true });
    expect(tab.ended).toBe(true);
    expect(timers.pending).toEqual([]);
    expect(feeds.size).toBe(0);
  });

  it('sends a Harbor failure in the API error shape and retries with a growing backoff', async () => {
    const timers = new ManualTimers();
    const feeds = new ExecutionFeeds(timers);
    const { reader, failOnce } = movingExecution();
    const tab = listener();
    feeds.subscribe(KEY, reader, tab);
    await timers.next();
    expect(timers.pending).toEqual([5_000]);
    failOnce(harbor500());
    await timers.next();
    const failure = tab.events.at(-1);
    expect(failure?.event).toBe('failure');
    expect(apiErrorSchema.parse(failure?.data).harbor?.status).toBe(500);
    expect(timers.pending).toEqual([5_000]);
    failOnce(harbor500());
    await timers.next();
    expect(timers.pending).toEqual([10_000]);
    failOnce(harbor500());
    await timers.next();
    expect(timers.pending).toEqual([20_000]);
    const before = tab.events.length;
    await timers.next();
    expect(tab.events.slice(before).map((e) => e.event)).toContain('execution');
    expect(timers.pending).toEqual([5_000]);
    expect(tab.ended).toBe(false);
  });

  it('stops polling when the last subscriber leaves, and not before', async () => {
    const timers = new ManualTimers();
    const feeds = new ExecutionFeeds(timers);
    const { reader, calls } = movingExecution();
    const leaveA = feeds.subscribe(KEY, reader, listener());
    const leaveB = feeds.subscribe(KEY, reader, listener());
    await timers.next();
    leaveA();
    expect(timers.pending).toEqual([5_000]);
    leaveB();
    expect(timers.pending).toEqual([]);
    expect(feeds.size).toBe(0);
    await timers.runFor(60_000);
    expect(calls.execution).toBe(1);
  });
});
