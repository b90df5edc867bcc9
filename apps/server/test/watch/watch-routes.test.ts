// The Replications page's routes: a browser session is required; the list is worst first and
// filters by verdict; a watch's changes arrive as server-sent events, and a browser that goes away
// is unsubscribed.
import type { WatchEvent, WatchSummary } from '@hw/wizard-api';
import { apiPaths, routeUrl, routes } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { SESSION_COOKIE } from '../../src/plugins/session.ts';
import { Browser, closedPort, makeApp, testConfig } from '../helpers.ts';
import { runRule, startBed, watchedRule } from './watch-bed.ts';

const bed = await startBed();
const { app } = await makeApp(testConfig(), { watchTimer: false });
afterAll(async () => {
  await app.close();
  await bed.close();
});

const healthy = await watchedRule(app, bed, 'healthy');
await runRule(bed, healthy.policyId);
const down = await watchedRule(app, bed, 'down');
const url = `http://127.0.0.1:${await closedPort()}`;
await app.ctx.storage.watches.saveConfig(down.record.id, {
  ...down.record.config,
  harbors: { ...down.record.config.harbors, source: { ...down.record.config.harbors.source, url } },
});
const pending = await watchedRule(app, bed, 'pending');
await app.ctx.watchPoller.pollNow(healthy.record.id);
await app.ctx.watchPoller.pollNow(down.record.id);

const names = (res: { json: <T>() => T }) => res.json<{ items: WatchSummary[] }>().items.map((w) => w.name);

describe('reading the watches', () => {
  it('needs a browser session of this wizard', async () => {
    const res = await new Browser(app).get(apiPaths.watches);
    expect(res.statusCode).toBe(401);
    expect(res.json<{ code: string }>().code).toBe('no-session');
  });

  it('lists the worst first, and filters by verdict', async () => {
    const browser = await Browser.started(app);
    expect(names(await browser.get(apiPaths.watches))).toEqual(['down', 'pending', 'healthy']);
    expect(names(await browser.get(`${apiPaths.watches}?verdict=healthy`))).toEqual(['healthy']);
    expect(names(await browser.get(`${apiPaths.watches}?verdict=stuck`))).toEqual([]);
    expect((await browser.get(`${apiPaths.watches}?verdict=sideways`)).statusCode).toBe(400);
  });

  it('one watch by ID; an unknown one is 404', async () => {
    const browser = await Browser.started(app);
    const one = await browser.get(routeUrl(routes.watch.path, { watchId: pending.record.id }));
    expect(one.json<WatchSummary>()).toMatchObject({ name: 'pending', verdict: 'pending' });
    const unknown = await browser.get(routeUrl(routes.watch.path, { watchId: 'nope' }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('watch-not-found');
  });

  it('an execution that is not the rule’s is 404 for its tasks and log', async () => {
    const browser = await Browser.started(app);
    const params = { watchId: healthy.record.id, executionId: 99_999, taskId: 1 };
    expect((await browser.get(routeUrl(routes.watchTasks.path, params))).statusCode).toBe(404);
    expect((await browser.get(routeUrl(routes.watchTaskLog.path, params))).statusCode).toBe(404);
  });
});

describe('server-sent events', () => {
  it('sends each poll of a watch as an event, with headers that keep proxies from buffering; a browser that goes away is unsubscribed', async () => {
    const hub = app.ctx.watchHub;
    const subscribe = hub.subscribe.bind(hub);
    let unsubscribed = 0;
    hub.subscribe = (observer) => {
      const off = subscribe(observer);
      return () => {
        unsubscribed += 1;
        return off();
      };
    };
    // Over real HTTP: only a real socket tells the server that the browser went away.
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await Browser.started(app);
    const aborted = new AbortController();
    const res = await fetch(`${origin}${apiPaths.watchEvents}`, {
      headers: { cookie: `${SESSION_COOKIE}=${browser.cookie ?? ''}` },
      signal: aborted.signal,
    });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (wanted: string) => {
      while (!text.includes(wanted)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${wanted}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await until('retry: 5000\n\n');
    expect(text.startsWith('retry: 5000\n\n')).toBe(true);

    await app.ctx.watchPoller.pollNow(healthy.record.id);
    await until('\n\ndata: ');
    await until('}\n\n');
    const event = JSON.parse(text.split('data: ')[1]?.split('\n\n')[0] ?? '') as WatchEvent;
    expect(event).toMatchObject({ type: 'watch', watch: { id: healthy.record.id, verdict: 'healthy' } });

    app.ctx.watchHub.removed(pending.record.id);
    await until(`data: {"type":"removed","id":"${pending.record.id}"}\n\n`);

    aborted.abort();
    for (let i = 0; i < 1000 && unsubscribed === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(unsubscribed).toBe(1);
    hub.subscribe = subscribe;
  });

  it('ends an open stream when the server closes, so closing does not wait for the browser', async () => {
    const { app: closing } = await makeApp(testConfig(), { watchTimer: false });
    const origin = await closing.listen({ port: 0, host: '127.0.0.1' });
    const browser = await Browser.started(closing);
    const res = await fetch(`${origin}${apiPaths.watchEvents}`, {
      headers: { cookie: `${SESSION_COOKIE}=${browser.cookie ?? ''}` },
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('retry: 5000\n\n');
    expect(closing.openEventStreams.size).toBe(1);
    await closing.close();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(closing.openEventStreams.size).toBe(0);
  });

  it('needs a browser session too', async () => {
    const res = await new Browser(app).get(apiPaths.watchEvents);
    expect(res.statusCode).toBe(401);
  });
});
