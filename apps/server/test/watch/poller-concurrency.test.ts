// Bounded concurrency: at most two polls at once against one Harbor, and at most WATCH_CONCURRENCY
// in all (two URLs of the same simulator count as two Harbors, as the poller keys them by origin).
import { afterAll, expect, it } from 'vitest';

import { makeApp, testConfig } from '../helpers.ts';
import { runRule, startBed, watchedRule } from './watch-bed.ts';

const bed = await startBed();
const clock = Date.parse('2026-12-06T06:00:00Z');
const base = testConfig();
const { app } = await makeApp(testConfig({ watch: { ...base.watch, concurrency: 3 } }), {
  watchTimer: false,
  now: () => new Date(clock),
});
afterAll(async () => {
  await app.close();
  await bed.close();
});

async function dueWatch(name: string, host: string) {
  const { record, policyId } = await watchedRule(app, bed, name);
  await runRule(bed, policyId);
  const source = { ...record.config.harbors.source, url: bed.source.url.replace('127.0.0.1', host) };
  await app.ctx.storage.watches.saveConfig(record.id, {
    ...record.config,
    harbors: { ...record.config.harbors, source },
  });
  await app.ctx.storage.watches.saveState(record.id, null, { nextPollAt: clock, pollFailures: 0 });
  return record.id;
}

// Every executions list the poller sends is counted while under way, per Harbor origin and in all,
// and made slow enough that polls allowed to overlap do.
const load = {
  all: 0,
  peakAll: 0,
  byOrigin: new Map<string, number>(),
  peakByOrigin: new Map<string, number>(),
};
const watchClient = app.ctx.harbor.watchClient.bind(app.ctx.harbor);
app.ctx.harbor.watchClient = async (record, side, options) => {
  const client = await watchClient(record, side, options);
  const origin = new URL(client.baseUrl).origin;
  const list = client.executions.list.bind(client.executions);
  client.executions.list = async (query) => {
    load.all += 1;
    load.byOrigin.set(origin, (load.byOrigin.get(origin) ?? 0) + 1);
    load.peakAll = Math.max(load.peakAll, load.all);
    load.peakByOrigin.set(
      origin,
      Math.max(load.peakByOrigin.get(origin) ?? 0, load.byOrigin.get(origin) ?? 0),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return await list(query);
    } finally {
      load.all -= 1;
      load.byOrigin.set(origin, (load.byOrigin.get(origin) ?? 1) - 1);
    }
  };
  return client;
};

it('polls one Harbor at most two at a time, and at most WATCH_CONCURRENCY at once overall', async () => {
  const one: string[] = [];
  for (let i = 0; i < 4; i++) one.push(await dueWatch(`one${i}`, '127.0.0.1'));
  expect(await app.ctx.watchPoller.tick()).toBe(4);
  expect([...load.peakByOrigin.values()]).toEqual([2]);

  for (let i = 0; i < 4; i++) await dueWatch(`two${i}`, 'localhost');
  for (const id of one)
    await app.ctx.storage.watches.saveState(id, null, { nextPollAt: clock, pollFailures: 0 });
  load.peakAll = 0;
  load.peakByOrigin.clear();
  expect(await app.ctx.watchPoller.tick()).toBe(8);
  expect([...load.peakByOrigin.values()]).toEqual([2, 2]);
  expect(load.peakAll).toBe(3);
});
