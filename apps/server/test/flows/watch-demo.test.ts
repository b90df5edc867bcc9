// "Keep watching" a demo setup after Done: the demo Harbors' admin login is the server's own, so
// `{ demo: true }` stands for it, and the stop deletes the robots the same way.
import { apiPaths, stopWatchResultSchema, watchSummarySchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';
import { ok, throughRobot, throughRule } from './push-flow.ts';

const { app, logs } = await makeApp(testConfig({ demo: true }));
afterAll(() => app.close());

const WATCH = /\$replication-watch-[0-9a-f]{6}$/;

describe('watching a demo setup', () => {
  it('starts after completion with { demo: true } logins and stops deleting both robots', async () => {
    const demo = app.ctx.demo;
    if (!demo) throw new Error('demo Harbors not running');
    const browser = await Browser.started(app);
    const id = ok<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' }), 'setup').id;
    ok(await browser.post(apiPaths.connect(id, 'target'), { demo: true }), 'connect target');
    await throughRobot(browser, id, 'watched');
    ok(await browser.post(apiPaths.connect(id, 'source'), { demo: true }), 'connect source');
    await throughRule(browser, id, 'watched');
    ok(await browser.post(apiPaths.complete(id), { withoutRun: true }), 'complete');

    const demoLogins = { logins: { source: { demo: true }, target: { demo: true } } };
    const watch = watchSummarySchema.parse(
      ok(await browser.post(apiPaths.watchStart(id), demoLogins), 'watch'),
    );
    expect(watch.watchRobots.map((r) => r.side)).toEqual(['source', 'target']);
    const onHarbor = (side: 'source' | 'target') =>
      demo[side].control
        .state()
        .robots.filter((r) => WATCH.test(r.name))
        .map((r) => r.name);
    expect(onHarbor('source')).toEqual([watch.watchRobots[0]?.name]);
    expect(onHarbor('target')).toEqual([watch.watchRobots[1]?.name]);

    const stopped = stopWatchResultSchema.parse(
      ok(await browser.post(apiPaths.watchStop(watch.id), demoLogins), 'stop'),
    );
    expect(stopped.robots.every((r) => r.deleted)).toBe(true);
    expect([onHarbor('source'), onHarbor('target')]).toEqual([[], []]);
    for (const side of ['source', 'target'] as const) {
      for (const res of browser.responses) expect(res.body).not.toContain(demo[side].password);
      expect(logs.text).not.toContain(demo[side].password);
    }
  });
});
