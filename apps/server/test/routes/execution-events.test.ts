// The run step's live feed over server-sent events, against real simulators: however many tabs
// listen, one poll of Harbor per interval; it stops when nobody listens or the execution is final.
import type { ObservedRequest } from '@hw/harbor-sim';
import type { ApiError, Execution } from '@hw/wizard-api';
import { apiErrorSchema, apiPaths, executionSchema } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { SESSION_COOKIE } from '../../src/plugins/session.ts';
import { throughRobot, throughRule, ok } from '../flows/push-flow.ts';
import { Browser, makeApp, testConfig } from '../helpers.ts';
import { ManualTimers } from '../manual-timers.ts';
import type { Sims } from '../sims.ts';
import { connectedSetup, startSims } from '../sims.ts';

type Received = { event: string; data: unknown };

/** A tab's EventSource, reduced to what the tests look at: the events, and whether the stream ended. */
class Tab {
  readonly events: Received[] = [];
  ended = false;
  readonly done: Promise<void>;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.done = this.#read();
  }

  static async open(baseUrl: string, browser: Browser, path: string): Promise<Tab> {
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${browser.cookie ?? ''}` },
      signal: abort.signal,
    });
    return new Tab(response, abort);
  }

  async #read(): Promise<void> {
    if (!this.response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of this.response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) as unknown });
        }
      }
    } catch {
      // Aborted by the test: the tab was closed.
    }
    this.ended = true;
  }

  of(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => e.data);
  }

  close(): void {
    this.abort.abort();
  }
}

const observed: ObservedRequest[] = [];
let sims: Sims;
let app: FastifyInstance;
let baseUrl: string;
const timers = new ManualTimers();

beforeAll(async () => {
  sims = await startSims({ observeSource: (request) => observed.push(request) });
  ({ app } = await makeApp(testConfig(), { liveTimers: timers }));
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await sims.close();
});

/** Harbor calls the server made about execution `id` since `from` (the simulator saw them). */
function executionCalls(id: number, from = 0) {
  const calls = observed.slice(from).filter((r) => r.method === 'GET');
  return {
    execution: calls.filter((r) => r.path === `/api/v2.0/replication/executions/${id}`).length,
    tasks: calls.filter((r) => r.path === `/api/v2.0/replication/executions/${id}/tasks`).length,
  };
}

/** A push setup whose rule has one execution held InProgress by the source simulator. */
async function heldExecution(
  project: string,
): Promise<{ browser: Browser; id: string; execution: Execution }> {
  const browser = await Browser.started(app);
  const id = await connectedSetup(browser, sims);
  await throughRobot(browser, id, project);
  const state = await throughRule(browser, id, project);
  sims.source.control.holdExecutions({ policyId: state.policy?.id });
  const execution = executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'replicate now'));
  return { browser, id, execution };
}

/** Waits until the server has set up the feed's first poll (the subscription is in place). */
async function feedStarted(): Promise<void> {
  await vi.waitFor(() => expect(timers.pending.length).toBeGreaterThan(0));
}

describe('GET executionEvents', () => {
  it('serves two tabs from one poll of Harbor, and stops polling once the last tab closed', async () => {
    const { browser, id, execution } = await heldExecution('live-two-tabs');
    const path = apiPaths.executionEvents(id, execution.id);
    const from = observed.length;
    const first = await Tab.open(baseUrl, browser, path);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(first.response.headers.get('cache-control')).toMatch(/no-store/);
    const second = await Tab.open(baseUrl, browser, path);
    await feedStarted();

    await timers.next();
    await vi.waitFor(() => expect(second.of('tasks')).toHaveLength(1));
    expect(executionCalls(execution.id, from)).toEqual({ execution: 1, tasks: 1 });
    for (const tab of [first, second]) {
      expect(tab.of('execution')).toEqual([expect.objectContaining({ id: execution.id, final: false })]);
    }

    first.close();
    await timers.next();
    expect(executionCalls(execution.id, from).execution).toBe(2);
    second.close();
    await vi.waitFor(() => expect(app.ctx.liveFeeds.size).toBe(0));
    expect(timers.pending).toEqual([]);
    expect(executionCalls(execution.id, from).execution).toBe(2);
    sims.source.control.releaseExecutions();
  });

  it('costs at most 15 Harbor calls a minute for a held execution, as many for 5 tabs as for 1', async () => {
    const { browser, id, execution } = await heldExecution('live-five-tabs');
    const path = apiPaths.executionEvents(id, execution.id);
    const overAMinute = async (count: number) => {
      const from = observed.length;
      const tabs = await Promise.all(Array.from({ length: count }, () => Tab.open(baseUrl, browser, path)));
      await feedStarted();
      await timers.runFor(60_000);
      const calls = executionCalls(execution.id, from);
      for (const tab of tabs) expect(tab.of('execution').length).toBeGreaterThan(0);
      for (const tab of tabs) tab.close();
      await vi.waitFor(() => expect(app.ctx.liveFeeds.size).toBe(0));
      return calls;
    };
    // The first minute also sees the execution's tasks appear; the held execution then stands still.
    const first = await overAMinute(1);
    expect(first.execution).toBe(12);
    expect(first.execution + first.tasks).toBeLessThanOrEqual(15);
    const one = await overAMinute(1);
    expect(one).toEqual({ execution: 12, tasks: 1 });
    expect(await overAMinute(5)).toEqual(one);
    sims.source.control.releaseExecutions();
  });

  it('sends the final state, then ends the stream and stops polling', async () => {
    const { browser, id, execution } = await heldExecution('live-final');
    const tab = await Tab.open(baseUrl, browser, apiPaths.executionEvents(id, execution.id));
    await feedStarted();
    await timers.next();
    sims.source.control.releaseExecutions();
    await vi.waitFor(
      async () => {
        const now = executionSchema.parse(ok(await browser.get(apiPaths.execution(id, execution.id)), 'get'));
        expect(now.final).toBe(true);
      },
      { timeout: 20_000, interval: 100 },
    );
    const from = observed.length;
    await timers.next();
    await tab.done;
    expect(tab.ended).toBe(true);
    const last = tab.of('execution').at(-1);
    expect(last).toMatchObject({ id: execution.id, status: 'Succeed', final: true });
    expect(tab.events.slice(-2).map((e) => e.event)).toEqual(['tasks', 'execution']);
    const tasks = tab.of('tasks').at(-1) as { items: { status: string }[] };
    expect(tasks.items.length).toBeGreaterThan(0);
    expect(tasks.items.every((t) => t.status === 'Succeed')).toBe(true);
    expect(executionCalls(execution.id, from)).toEqual({ execution: 1, tasks: 1 });
    expect(timers.pending).toEqual([]);
    expect(app.ctx.liveFeeds.size).toBe(0);
  });

  it('sends a Harbor failure as a `failure` event in the API error shape, and polls again after a backoff', async () => {
    const { browser, id, execution } = await heldExecution('live-failure');
    const tab = await Tab.open(baseUrl, browser, apiPaths.executionEvents(id, execution.id));
    await feedStarted();
    await timers.next();
    expect(timers.pending).toEqual([5_000]);
    sims.source.control.injectFault({
      method: 'GET',
      path: `/api/v2.0/replication/executions/${execution.id}`,
      status: 500,
      times: 2,
    });
    await timers.next();
    await vi.waitFor(() => expect(tab.of('failure')).toHaveLength(1));
    const failure: ApiError = apiErrorSchema.parse(tab.of('failure')[0]);
    expect(failure.harbor?.status).toBe(500);
    expect(timers.pending).toEqual([5_000]);
    await timers.next();
    expect(timers.pending).toEqual([10_000]);
    await timers.next();
    expect(timers.pending).toEqual([5_000]);
    expect(tab.ended).toBe(false);
    tab.close();
    await vi.waitFor(() => expect(app.ctx.liveFeeds.size).toBe(0));
    sims.source.control.releaseExecutions();
  });

  it("refuses another session's setup with the API's JSON error, before any stream opens", async () => {
    const { id, execution } = await heldExecution('live-other-session');
    const stranger = await Browser.started(app);
    const res = await stranger.request('GET', apiPaths.executionEvents(id, execution.id), undefined, {
      accept: 'text/event-stream',
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(apiErrorSchema.parse(res.json()).code).toBeTruthy();
    expect(app.ctx.liveFeeds.size).toBe(0);
    sims.source.control.releaseExecutions();
  });
});
