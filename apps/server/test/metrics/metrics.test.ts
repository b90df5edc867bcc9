// GET /metrics: Prometheus text exposition with the per-rule figures of each watch summary and the
// poller's own health; a removed watch's series disappear; METRICS_TOKEN guards it when set.
import type { WatchSummary } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { makeApp, testConfig } from '../helpers.ts';
import { Clock, WATCH_ID, condition, summary } from '../alerts/watch-fixtures.ts';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A minimal parser of the exposition format: enough to find a sample by name and labels. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    samples.push({ name: m![1]!, labels, value: Number(m![3] === '+Inf' ? Infinity : m![3]) });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function start(metricsToken: string | null = null) {
  const clock = new Clock(new Date('2026-12-06T06:01:00.000Z'));
  const { app } = await makeApp(testConfig({ metricsToken }), { now: clock.now, watchTimer: false });
  apps.push(app);
  return { app, clock };
}

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers });
  return { res, ...(res.statusCode === 200 ? parse(res.body) : parse('')) };
}

/** The replication robot on the target, read from Harbor: it expires 5 days after the test's clock. */
const replicationRobot = (over: Partial<WatchSummary['replicationRobot']> = {}) => ({
  side: 'target' as const,
  name: 'robot$dr+push',
  expiresAt: Date.parse('2026-12-11T06:01:00.000Z') / 1000,
  source: 'harbor' as const,
  checkedAt: null,
  ...over,
});

describe('/metrics', () => {
  it('exposes the per-rule figures and the poller health with Prometheus conventions', async () => {
    const { app } = await start();
    app.ctx.watchHub.summary(
      summary([condition('failing'), condition('expiring')], {
        replicationRobot: replicationRobot(),
        harbors: [
          { side: 'source', reachable: true, error: null },
          { side: 'target', reachable: false, error: 'connect ECONNREFUSED' },
        ],
      }),
    );
    app.ctx.watchHub.poll({ watchId: WATCH_ID, ok: true, seconds: 0.2, harborCalls: 3 });
    app.ctx.watchHub.poll({ watchId: WATCH_ID, ok: false, seconds: 12, harborCalls: 2 });

    const { res, samples, types } = await scrape(app);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const rule = {
      watch_id: WATCH_ID,
      rule: 'push-nginx',
      source: 'https://harbor-a.example.com',
      target: 'https://harbor-b.example.com',
    };

    expect(value(samples, 'harbor_replication_watches')).toBe(1);
    expect(value(samples, 'harbor_replication_last_success_timestamp_seconds', rule)).toBe(
      Date.parse('2026-12-06T05:00:30.000Z') / 1000,
    );
    expect(value(samples, 'harbor_replication_last_execution_status', { ...rule, status: 'Failed' })).toBe(1);
    expect(value(samples, 'harbor_replication_last_execution_status', { ...rule, status: 'Succeed' })).toBe(
      0,
    );
    expect(value(samples, 'harbor_replication_consecutive_failures', rule)).toBe(3);
    expect(
      value(samples, 'harbor_replication_robot_expiry_seconds', {
        ...rule,
        robot: 'replication',
        side: 'target',
      }),
    ).toBe(5 * 86_400);
    expect(
      value(samples, 'harbor_replication_robot_expiry_seconds', { ...rule, robot: 'watch', side: 'source' }),
    ).toBe(Infinity);
    expect(value(samples, 'harbor_replication_harbor_up', { ...rule, side: 'source' })).toBe(1);
    expect(value(samples, 'harbor_replication_harbor_up', { ...rule, side: 'target' })).toBe(0);
    expect(value(samples, 'harbor_replication_health', { ...rule, verdict: 'failing' })).toBe(1);
    expect(samples.filter((s) => s.name === 'harbor_replication_health' && s.value === 1)).toHaveLength(1);

    expect(value(samples, 'harbor_replication_polls_total', { result: 'ok' })).toBe(1);
    expect(value(samples, 'harbor_replication_polls_total', { result: 'error' })).toBe(1);
    expect(value(samples, 'harbor_replication_harbor_calls_total')).toBe(5);
    expect(value(samples, 'harbor_replication_poll_duration_seconds_count')).toBe(2);
    expect(value(samples, 'harbor_replication_poll_duration_seconds_bucket', { le: '0.25' })).toBe(1);
    expect(value(samples, 'harbor_replication_last_poll_timestamp_seconds')).toBe(
      Date.parse('2026-12-06T06:01:00.000Z') / 1000,
    );

    expect(types.get('harbor_replication_polls_total')).toBe('counter');
    expect(types.get('harbor_replication_poll_duration_seconds')).toBe('histogram');
    expect(types.get('harbor_replication_robot_expiry_seconds')).toBe('gauge');
    for (const s of samples)
      for (const label of Object.keys(s.labels)) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("counts a robot's seconds left on its Harbor's clock (a target 4 days ahead: 5 days by ours are 1 there)", async () => {
    const { app } = await start();
    app.ctx.watchHub.summary(
      summary([condition('expiring')], {
        replicationRobot: replicationRobot({ clockSkewSeconds: 4 * 86_400 }),
      }),
    );
    const { samples } = await scrape(app);
    expect(
      value(samples, 'harbor_replication_robot_expiry_seconds', {
        watch_id: WATCH_ID,
        robot: 'replication',
        side: 'target',
      }),
    ).toBe(86_400);
  });

  it('follows the latest summary and drops every series of a removed watch', async () => {
    const { app } = await start();
    app.ctx.watchHub.summary(summary([condition('failing')]));
    app.ctx.watchHub.summary(summary([], {}, 'w-other'));
    app.ctx.watchHub.summary(summary([]));
    let { samples } = await scrape(app);
    expect(value(samples, 'harbor_replication_health', { watch_id: WATCH_ID, verdict: 'healthy' })).toBe(1);
    expect(value(samples, 'harbor_replication_consecutive_failures', { watch_id: WATCH_ID })).toBe(0);

    app.ctx.watchHub.removed(WATCH_ID);
    ({ samples } = await scrape(app));
    expect(samples.filter((s) => s.labels.watch_id === WATCH_ID)).toEqual([]);
    expect(samples.some((s) => s.labels.watch_id === 'w-other')).toBe(true);
    expect(value(samples, 'harbor_replication_watches')).toBe(1);
  });

  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const { app } = await start(token);
    expect((await scrape(app)).res.statusCode).toBe(401);
    const wrong = await scrape(app, { authorization: 'Bearer scrape-token-0123456789abcdeX' });
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.headers['www-authenticate']).toContain('Bearer');
    expect(wrong.res.body).not.toContain(token);
    const right = await scrape(app, { authorization: `Bearer ${token}` });
    expect(right.res.statusCode).toBe(200);
    expect(right.res.body).toContain('harbor_replication_watches 0');
  });
});
