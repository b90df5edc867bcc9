// Incidents from the poller's summaries: exactly one alert when a paging condition starts and
// exactly one "resolved" when it ends, however often the same summary arrives, across a restart on
// the same DATA_DIR, and never for a watch that was removed.
import type { Alert, AlertTarget } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AppConfig } from '../../src/config.ts';
import { Browser, type LogCapture, makeApp, testConfig } from '../helpers.ts';
import { Clock, Receiver, WATCH_ID, condition, poll, summary, watchRecord } from './watch-fixtures.ts';

let receiver: Receiver;
let config: AppConfig;
let clock: Clock;
const apps: FastifyInstance[] = [];

beforeEach(async () => {
  receiver = await Receiver.start();
  clock = new Clock();
  config = testConfig({ publicUrl: 'https://wizard.example.com' });
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await receiver.close();
});

async function start(): Promise<{ app: FastifyInstance; logs: LogCapture; browser: Browser }> {
  // The summaries come from the test alone: the poller would check the fixture's made-up Harbors.
  const { app, logs } = await makeApp(config, { now: clock.now, watchTimer: false });
  apps.push(app);
  return { app, logs, browser: await Browser.started(app) };
}

async function addTarget(browser: Browser, format: 'json' | 'slack' = 'json'): Promise<AlertTarget> {
  const res = await browser.post(apiPaths.alertTargets, {
    name: `ops ${format}`,
    format,
    url: receiver.url(),
  });
  expect(res.statusCode).toBe(200);
  return res.json<AlertTarget>();
}

async function history(browser: Browser): Promise<Alert[]> {
  return (await browser.get(apiPaths.alerts)).json<{ items: Alert[] }>().items;
}

const states = () => receiver.received.map((r) => `${String(r.body.state)} ${String(r.body.kind)}`);

describe('incidents', () => {
  it('sends one alert when a rule starts failing and one "resolved" when it recovers, whatever the repeats', async () => {
    const { app, browser } = await start();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await addTarget(browser);

    await poll(app, summary([]), summary([]));
    expect(receiver.received).toEqual([]);

    // Harbor's text is kept to one line, and a URL in it loses any user:password@.
    const failing = summary([
      condition(
        'failing',
        'alert',
        'the last 3 runs failed: http error: code 401,\n message denied by https://bob:pa55@registry.example.com/v2/.',
      ),
    ]);
    await poll(app, failing, failing, failing);
    clock.advance(30_000);
    await poll(app, failing);
    expect(states()).toEqual(['firing failing']);

    const body = receiver.received[0]!.body;
    expect(body).toMatchObject({
      version: 1,
      state: 'firing',
      kind: 'failing',
      since: '2026-12-06T06:00:00.000Z',
      watch: { id: WATCH_ID, url: `https://wizard.example.com/replications/${WATCH_ID}` },
      rule: { name: 'push-nginx', policyId: 7, harbor: 'source' },
      harbors: { source: 'https://harbor-a.example.com', target: 'https://harbor-b.example.com' },
    });
    const summaryLine = String(body.summary);
    expect(summaryLine).not.toMatch(/\n/);
    expect(summaryLine).toContain('message denied by https://registry.example.com/v2/. What to do:');
    expect(JSON.stringify(body)).not.toContain('pa55');
    for (const part of [
      'push-nginx',
      'https://harbor-a.example.com',
      'https://harbor-b.example.com',
      'What to do',
      `/replications/${WATCH_ID}`,
    ])
      expect(summaryLine).toContain(part);

    clock.advance(60 * 60_000);
    await poll(app, summary([]), summary([]), summary([]));
    expect(states()).toEqual(['firing failing', 'resolved failing']);
    expect(String(receiver.received[1]!.body.summary)).toContain('no longer failing');

    // History: newest first, one delivery each, sent.
    const items = await history(browser);
    expect(items.map((a) => `${a.state} ${a.kind}`)).toEqual(['resolved failing', 'firing failing']);
    expect(items.every((a) => a.deliveries.length === 1 && a.deliveries[0]!.status === 'sent')).toBe(true);
  });

  it('opens one incident per condition kind and resolves each on its own', async () => {
    const { app, browser } = await start();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await addTarget(browser);

    await poll(app, summary([condition('failing'), condition('unreachable')]));
    await poll(app, summary([condition('unreachable')]));
    await poll(app, summary([condition('unreachable'), condition('stuck')]));
    expect(states().sort()).toEqual([
      'firing failing',
      'firing stuck',
      'firing unreachable',
      'resolved failing',
    ]);
  });

  it('pages for an expiring robot only at severity alert (within 7 days), not at the 30-day warning', async () => {
    const { app, browser } = await start();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await addTarget(browser);

    const warning = condition('expiring', 'warning', 'the replication robot expires in 20 days');
    await poll(app, summary([warning]), summary([warning]));
    expect(receiver.received).toEqual([]);

    const alert = condition('expiring', 'alert', 'the replication robot expires in 6 days');
    await poll(app, summary([alert]), summary([alert]));
    expect(states()).toEqual(['firing expiring']);
    expect(String(receiver.received[0]!.body.summary)).toContain('expires in 6 days');
  });

  it('neither repeats nor forgets an incident across a restart on the same DATA_DIR', async () => {
    const first = await start();
    await first.app.ctx.storage.watches.create(watchRecord(), []);
    await addTarget(first.browser);
    const failing = summary([condition('failing')]);
    await poll(first.app, failing);
    expect(states()).toEqual(['firing failing']);
    await first.app.close();

    const second = await start();
    // The poller announces every watch when it starts: the same failing state, no new alert.
    await poll(second.app, failing, failing);
    expect(states()).toEqual(['firing failing']);
    // A summary from before any poll (pending) says nothing about the incident.
    await poll(second.app, summary([], { verdict: 'pending', polledAt: null }));
    expect(states()).toEqual(['firing failing']);
    await poll(second.app, summary([]));
    expect(states()).toEqual(['firing failing', 'resolved failing']);
  });

  it('closes the incidents of a removed watch silently, also when it was removed while the server was down', async () => {
    const { app, browser } = await start();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await app.ctx.storage.watches.create(watchRecord('w-other'), []);
    await addTarget(browser);
    await poll(app, summary([condition('failing')]), summary([condition('stuck')], {}, 'w-other'));
    expect(states().sort()).toEqual(['firing failing', 'firing stuck']);

    app.ctx.watchHub.removed(WATCH_ID);
    await app.ctx.storage.watches.delete(WATCH_ID);
    await poll(app);
    expect(await app.ctx.storage.alerts.openIncidents(WATCH_ID)).toEqual([]);
    // A poll that was under way when watching stopped reports late: it opens nothing.
    await poll(app, summary([condition('unreachable')]));
    expect(await app.ctx.storage.alerts.openIncidents(WATCH_ID)).toEqual([]);

    // Stopped while the server was down: nothing open for it after the restart, and no "resolved".
    await app.ctx.storage.watches.delete('w-other');
    await app.close();
    const second = await start();
    await poll(second.app);
    expect(await second.app.ctx.storage.alerts.openIncidents()).toEqual([]);
    expect(states().sort()).toEqual(['firing failing', 'firing stuck']);
  });

  it('renders the Slack format as {text, blocks} with Harbor text escaped', async () => {
    const { app, browser } = await start();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await addTarget(browser, 'slack');
    await poll(
      app,
      summary([
        condition('failing', 'alert', 'http error: code 500, message <!channel> & <https://evil|click>'),
      ]),
    );
    expect(receiver.received).toHaveLength(1);
    const body = receiver.received[0]!.body as { text: string; blocks: unknown[] };
    expect(body.text).toContain('[FIRING]');
    expect(body.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
    expect(JSON.stringify(body)).not.toContain('<!channel>');
    expect(body.blocks.length).toBeGreaterThan(0);
  });
});
