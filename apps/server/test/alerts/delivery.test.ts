// Webhook delivery: retries with exponential backoff after a failure (time driven by hand), a stored
// schedule a restart resumes, giving up after the last attempt, no redirect followed, no metadata
// address reached, and the target URL (a credential) in no answer, alert or log line.
import type { Alert, AlertTarget } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BACKOFF_BASE_MS, MAX_ATTEMPTS, backoffMs } from '../../src/alerts/alert-dispatcher.ts';
import type { BuildOptions } from '../../src/app.ts';
import type { AppConfig } from '../../src/config.ts';
import { Browser, makeApp, testConfig } from '../helpers.ts';
import { Clock, Receiver, condition, poll, summary, watchRecord } from './watch-fixtures.ts';

const TOKEN = 's3cr3t-webhook-token';
let receiver: Receiver;
let config: AppConfig;
let clock: Clock;
const apps: FastifyInstance[] = [];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  receiver = await Receiver.start();
  clock = new Clock();
  config = testConfig();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const close of closers.splice(0)) await close();
  await receiver.close();
});

// Jitter pinned at its lowest: the first retry is due exactly half the base backoff later. The
// summaries come from the test alone: the poller would check the fixture's made-up Harbors.
async function start(options: BuildOptions = {}) {
  const { app, logs } = await makeApp(config, {
    now: clock.now,
    random: () => 0,
    watchTimer: false,
    ...options,
  });
  apps.push(app);
  return { app, logs, browser: await Browser.started(app) };
}

async function addTarget(browser: Browser, url = receiver.url()): Promise<AlertTarget> {
  const res = await browser.post(apiPaths.alertTargets, { name: 'ops', format: 'json', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AlertTarget>();
}

async function latest(browser: Browser): Promise<Alert> {
  return (await browser.get(apiPaths.alerts)).json<{ items: Alert[] }>().items[0]!;
}

async function failingWatch(app: FastifyInstance): Promise<void> {
  await app.ctx.storage.watches.create(watchRecord(), []);
  await poll(app, summary([condition('failing')]));
}

describe('backoff', () => {
  it('doubles per failure up to a cap, with at most half of it taken off at random', () => {
    expect(backoffMs(1, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffMs(1, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(3, () => 1)).toBe(BACKOFF_BASE_MS * 4);
    expect(backoffMs(3, () => 0.5)).toBe(BACKOFF_BASE_MS * 3);
    expect(backoffMs(50, () => 1)).toBe(30 * 60_000);
  });
});

describe('delivery', () => {
  it('retries after a 500 once the backoff has passed, not before, then succeeds', async () => {
    const { app, browser } = await start();
    await addTarget(browser);
    const replies = [500, 200];
    receiver.answer = (_req, res) => res.writeHead(replies.shift() ?? 200).end(replies.length ? '' : 'ok');

    await failingWatch(app);
    expect(receiver.received).toHaveLength(1);
    let delivery = (await latest(browser)).deliveries[0]!;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(delivery.nextAttemptAt).toBe(new Date(clock.at.getTime() + BACKOFF_BASE_MS / 2).toISOString());

    clock.advance(BACKOFF_BASE_MS / 2 - 1000);
    await app.ctx.alerts.dispatcher.kick();
    expect(receiver.received).toHaveLength(1);

    clock.advance(1000);
    await app.ctx.alerts.dispatcher.kick();
    expect(receiver.received).toHaveLength(2);
    delivery = (await latest(browser)).deliveries[0]!;
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: null, nextAttemptAt: null });
    expect(receiver.received[0]!.body).toEqual(receiver.received[1]!.body);
  });

  it('resumes a pending retry after a restart, at the stored time', async () => {
    const first = await start();
    await addTarget(first.browser);
    receiver.answer = (_req, res) => res.writeHead(503).end('');
    await failingWatch(first.app);
    expect((await latest(first.browser)).deliveries[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await first.app.close();

    receiver.answer = (_req, res) => res.writeHead(204).end();
    clock.advance(BACKOFF_BASE_MS);
    const second = await start();
    await second.app.ctx.alerts.dispatcher.kick();
    expect(receiver.received).toHaveLength(2);
    expect((await latest(second.browser)).deliveries[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('cuts a send short at shutdown without counting it, and sends it again after the restart', async () => {
    const first = await start();
    await addTarget(first.browser);
    receiver.answer = () => undefined; // never answers
    await first.app.ctx.storage.watches.create(watchRecord(), []);
    first.app.ctx.watchHub.summary(summary([condition('failing')]));
    await first.app.ctx.alerts.settled();
    void first.app.ctx.alerts.dispatcher.kick();
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    await first.app.close();
    apps.splice(apps.indexOf(first.app), 1);

    receiver.answer = (_req, res) => res.writeHead(200).end();
    const second = await start();
    await second.app.ctx.alerts.dispatcher.kick();
    expect(receiver.received).toHaveLength(2);
    expect((await latest(second.browser)).deliveries[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, marked failed with the last error`, async () => {
    const { app, browser } = await start();
    await addTarget(browser);
    receiver.answer = (_req, res) => res.writeHead(502).end('bad_gateway');
    await failingWatch(app);
    for (let i = 0; i < 10; i++) {
      clock.advance(60 * 60_000);
      await app.ctx.alerts.dispatcher.kick();
    }
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect((await latest(browser)).deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      lastError: 'HTTP 502: bad_gateway',
      nextAttemptAt: null,
    });
  });

  it('does not follow a redirect: the delivery fails at once and the other address gets nothing', async () => {
    const elsewhere = await Receiver.start();
    closers.push(() => elsewhere.close());
    const { app, browser } = await start();
    await addTarget(browser);
    receiver.answer = (_req, res) => res.writeHead(302, { location: elsewhere.url('/stolen') }).end();
    await failingWatch(app);
    clock.advance(60 * 60_000);
    await app.ctx.alerts.dispatcher.kick();
    expect(receiver.received).toHaveLength(1);
    expect(elsewhere.received).toEqual([]);
    const delivery = (await latest(browser)).deliveries[0]!;
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toBe(1);
    expect(delivery.lastError).toContain('redirect (HTTP 302)');
  });

  it('refuses a metadata address typed as the URL, and one a host name resolves to when sending', async () => {
    const { app, browser } = await start({
      resolve: (host) =>
        Promise.resolve(host === 'hooks.example.test' ? [{ address: '169.254.169.254', family: 4 }] : []),
    });
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:169.254.169.254]/x',
      'http://metadata.google.internal/x',
    ]) {
      const res = await browser.post(apiPaths.alertTargets, { name: 'imds', format: 'json', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ code: string }>().code).toBe('alert-target-url');
    }
    const target = await addTarget(browser, 'http://hooks.example.test/services/x');
    const res = await browser.post(apiPaths.alertTest(target.id));
    expect(res.statusCode).toBe(200);
    expect(res.json<Alert>().deliveries[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(res.json<Alert>().deliveries[0]!.lastError).toContain('cloud metadata');
    await failingWatch(app);
    expect((await latest(browser)).deliveries[0]!.status).toBe('failed');
  });

  it('keeps the target URL out of every answer, alert and log line', async () => {
    const { app, browser, logs } = await start();
    const target = await addTarget(browser);
    expect(target.maskedUrl).toBe(`http://127.0.0.1:${receiver.port}`);
    receiver.answer = (_req, res) => res.writeHead(500).end(receiver.url());
    await failingWatch(app);
    await browser.post(apiPaths.alertTest(target.id));
    await receiver.close();
    clock.advance(60 * 60_000);
    await app.ctx.alerts.dispatcher.kick();

    for (const res of browser.responses) expect(res.body).not.toContain(TOKEN);
    expect(logs.text).not.toContain(TOKEN);
    expect(logs.text).toContain('alert delivery failed');
    for (const r of receiver.received) expect(JSON.stringify(r.body)).not.toContain(TOKEN);
    // Sealed at rest as well.
    const stored = await app.ctx.storage.alerts.listTargets();
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    receiver = await Receiver.start();
  });
});
