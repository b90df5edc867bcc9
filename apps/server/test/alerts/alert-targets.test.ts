// Alert targets: added in the UI (URL sealed, only scheme://host:port shown) or by ALERT_WEBHOOKS
// (listed as origin `environment`, not deletable); every target gets each alert; "Send a test
// alert"; a removed target's pending deliveries fail instead of going out.
import type { Alert, AlertTarget } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.ts';
import { Browser, makeApp, testConfig } from '../helpers.ts';
import { Clock, Receiver, condition, poll, summary, watchRecord } from './watch-fixtures.ts';

let receiver: Receiver;
let app: FastifyInstance;
let browser: Browser;
let logs: { text: string };
const clock = new Clock();

beforeEach(async () => {
  receiver = await Receiver.start();
  const { alertWebhooks } = loadConfig({
    ALERT_WEBHOOKS: JSON.stringify([
      { name: 'pager', format: 'json', url: receiver.url('/env/hook?token=env-secret-token') },
    ]),
  });
  ({ app, logs } = await makeApp(testConfig({ alertWebhooks }), { now: clock.now, watchTimer: false }));
  browser = await Browser.started(app);
});
afterEach(async () => {
  await app.close();
  await receiver.close();
});

async function targets(): Promise<AlertTarget[]> {
  return (await browser.get(apiPaths.alertTargets)).json<{ items: AlertTarget[] }>().items;
}

describe('alert targets', () => {
  it('lists ALERT_WEBHOOKS targets as origin environment, masked, and refuses to delete them', async () => {
    const [env] = await targets();
    expect(env).toMatchObject({
      name: 'pager',
      format: 'json',
      origin: 'environment',
      maskedUrl: `http://127.0.0.1:${receiver.port}`,
    });
    const res = await browser.delete(apiPaths.alertTarget(env!.id));
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('alert-target-from-environment');
    expect(await targets()).toHaveLength(1);
    expect(JSON.stringify(browser.responses.map((r) => r.body))).not.toContain('env-secret-token');
    expect(logs.text).not.toContain('env-secret-token');
  });

  it('adds a UI target, refuses a second of the same name, and deletes it', async () => {
    const res = await browser.post(apiPaths.alertTargets, {
      name: 'Slack ops',
      format: 'slack',
      url: receiver.url(),
    });
    expect(res.statusCode).toBe(200);
    const added = res.json<AlertTarget>();
    expect(added).toMatchObject({
      name: 'Slack ops',
      format: 'slack',
      origin: 'ui',
      maskedUrl: `http://127.0.0.1:${receiver.port}`,
    });
    expect(Object.keys(added)).not.toContain('url');
    const again = await browser.post(apiPaths.alertTargets, {
      name: 'slack OPS',
      format: 'json',
      url: receiver.url(),
    });
    expect(again.statusCode).toBe(409);
    for (const url of ['ftp://example.com/x', 'https://user:pw@hooks.example.com/x']) {
      const bad = await browser.post(apiPaths.alertTargets, { name: 'bad', format: 'json', url });
      expect(bad.statusCode, url).toBe(400);
    }
    expect((await targets()).map((t) => t.origin)).toEqual(['environment', 'ui']);

    expect((await browser.delete(apiPaths.alertTarget(added.id))).statusCode).toBe(204);
    expect((await targets()).map((t) => t.name)).toEqual(['pager']);
    expect((await browser.delete(apiPaths.alertTarget(added.id))).statusCode).toBe(404);
  });

  it('sends each alert to every target, environment and UI alike', async () => {
    await browser.post(apiPaths.alertTargets, { name: 'Slack ops', format: 'slack', url: receiver.url() });
    await app.ctx.storage.watches.create(watchRecord(), []);
    await poll(app, summary([condition('stuck')]));
    expect(receiver.received.map((r) => r.path).sort()).toEqual([
      '/env/hook?token=env-secret-token',
      '/services/T000/B000/s3cr3t-webhook-token',
    ]);
    const [alert] = (await browser.get(apiPaths.alerts)).json<{ items: Alert[] }>().items;
    expect(alert!.deliveries.map((d) => `${d.targetName} ${d.status}`)).toEqual([
      'Slack ops sent',
      'pager sent',
    ]);
  });

  it('sends a test alert to the one target and answers with its delivery', async () => {
    const added = (
      await browser.post(apiPaths.alertTargets, { name: 'Slack ops', format: 'slack', url: receiver.url() })
    ).json<AlertTarget>();
    const res = await browser.post(apiPaths.alertTest(added.id));
    expect(res.statusCode).toBe(200);
    const alert = res.json<Alert>();
    expect(alert).toMatchObject({ kind: 'test', state: 'firing', watchId: null });
    expect(alert.deliveries).toEqual([
      expect.objectContaining({ targetName: 'Slack ops', status: 'sent', attempts: 1, lastError: null }),
    ]);
    expect(receiver.received).toHaveLength(1);
    expect(String((receiver.received[0]!.body as { text: string }).text)).toContain('[TEST]');
    const [first] = (await browser.get(apiPaths.alerts)).json<{ items: Alert[] }>().items;
    expect(first!.id).toBe(alert.id);
    expect((await browser.post(apiPaths.alertTest('no-such-target'))).statusCode).toBe(404);
  });

  it('limits test alerts per client, so the server is no request cannon', async () => {
    const [env] = await targets();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await browser.post(apiPaths.alertTest(env!.id))).statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
    expect(receiver.received).toHaveLength(10);
  });

  it('fails the pending deliveries of a target removed before they went out', async () => {
    const added = (
      await browser.post(apiPaths.alertTargets, {
        name: 'flaky',
        format: 'json',
        url: receiver.url('/flaky'),
      })
    ).json<AlertTarget>();
    receiver.answer = (req, res) => res.writeHead(req.url === '/flaky' ? 500 : 200).end();
    await app.ctx.storage.watches.create(watchRecord(), []);
    await poll(app, summary([condition('failing')]));
    await browser.delete(apiPaths.alertTarget(added.id));
    clock.advance(60 * 60_000);
    await app.ctx.alerts.dispatcher.kick();
    expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(1);
    const [alert] = (await browser.get(apiPaths.alerts)).json<{ items: Alert[] }>().items;
    expect(alert!.deliveries.find((d) => d.targetName === 'flaky')).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('removed') as string,
    });
  });
});
