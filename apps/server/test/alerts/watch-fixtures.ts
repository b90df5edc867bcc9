// What the alert and metric tests feed the watch hub with (the poller is not part of them): a watch
// summary with the conditions a test names, the stored watch it belongs to, and a webhook receiver
// on loopback that records what it gets and answers as the test scripts it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WatchCondition, WatchSummary } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';

import type { WatchRecord } from '../../src/storage/watch-store.ts';

export const WATCH_ID = 'w-3f9a2c';
export const SOURCE_URL = 'https://harbor-a.example.com';
export const TARGET_URL = 'https://harbor-b.example.com';

export function watchRecord(id = WATCH_ID): WatchRecord {
  const tls = { mode: 'verify' as const };
  return {
    id,
    setupId: `setup-${id}`,
    createdAt: '2026-12-01T00:00:00.000Z',
    config: {
      name: 'nginx to DR',
      mode: 'push',
      harbors: {
        source: { url: SOURCE_URL, tls, demo: false, version: '2.13.0' },
        target: { url: TARGET_URL, tls, demo: false, version: '2.13.0' },
      },
      rule: { policyId: 7, name: 'push-nginx', side: 'source' },
      endpoint: { id: 3, name: 'dr-harbor', side: 'source' },
      replicationRobot: { side: 'target', id: 11, name: 'robot$dr+push', project: 'dr', expiresAt: -1 },
      watchRobots: [],
    },
    state: null,
    nextPollAt: 0,
    pollFailures: 0,
  };
}

export function condition(
  kind: WatchCondition['kind'],
  severity: WatchCondition['severity'] = 'alert',
  message = `${kind}: the last run failed: http error: code 403, message unauthorized`,
): WatchCondition {
  return { kind, severity, message, since: '2026-12-06T06:00:00.000Z' };
}

/** A polled summary of `watchRecord(id)` with these conditions (none: healthy). */
export function summary(
  conditions: WatchCondition[],
  overrides: Partial<WatchSummary> = {},
  id = WATCH_ID,
): WatchSummary {
  const failing = conditions.some((c) => c.kind === 'failing');
  return {
    id,
    setupId: `setup-${id}`,
    name: 'nginx to DR',
    mode: 'push',
    sourceUrl: SOURCE_URL,
    targetUrl: TARGET_URL,
    createdAt: '2026-12-01T00:00:00.000Z',
    rule: {
      policyId: 7,
      name: 'push-nginx',
      side: 'source',
      trigger: 'scheduled',
      cron: '0 0 * * * *',
      enabled: true,
      nextRunAt: '2026-12-06T07:00:00.000Z',
    },
    endpoint: { id: 3, name: 'dr-harbor', health: 'healthy' },
    lastExecution: {
      id: 41,
      status: failing ? 'Failed' : 'Succeed',
      statusText: failing ? 'http error: code 403, message unauthorized' : '',
      trigger: 'scheduled',
      startTime: '2026-12-06T06:00:00.000Z',
      endTime: '2026-12-06T06:00:30.000Z',
      durationSeconds: 30,
      total: 2,
      succeed: failing ? 1 : 2,
      failed: failing ? 1 : 0,
      stopped: 0,
      inProgress: 0,
      final: true,
      archivedOnly: false,
    },
    recent: [],
    consecutiveFailures: failing ? 3 : 0,
    lastSuccessAt: '2026-12-06T05:00:30.000Z',
    replicationRobot: {
      side: 'target',
      name: 'robot$dr+push',
      expiresAt: 1_796_000_000,
      source: 'harbor',
      checkedAt: '2026-12-06T06:00:00.000Z',
    },
    watchRobots: [
      {
        side: 'source',
        name: 'robot$replication-watch-3f9a2c',
        expiresAt: -1,
        source: 'recorded',
        checkedAt: null,
      },
    ],
    conditions,
    verdict: conditions[0]?.kind ?? 'healthy',
    reason: conditions[0]?.message ?? 'the last run succeeded',
    stuck: null,
    harbors: [
      { side: 'source', reachable: true, error: null },
      { side: 'target', reachable: true, error: null },
    ],
    polledAt: '2026-12-06T06:01:00.000Z',
    nextPollAt: '2026-12-06T06:01:30.000Z',
    ...overrides,
  };
}

/** Hands the summaries to the hub as the poller does and waits until alerts are recorded and sent. */
export async function poll(app: FastifyInstance, ...summaries: WatchSummary[]): Promise<void> {
  for (const s of summaries) app.ctx.watchHub.summary(s);
  await app.ctx.alerts.settled();
  await app.ctx.alerts.dispatcher.kick();
}

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> };

/** A webhook receiver on loopback; `answer` decides each reply (200 by default). */
export class Receiver {
  readonly received: Received[] = [];
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
  readonly #server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      this.received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      this.answer(req, res);
    });
  });

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** A URL on this receiver whose path holds a token, as Slack's do. */
  url(path = '/services/T000/B000/s3cr3t-webhook-token'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A clock the test moves by hand. */
export class Clock {
  constructor(public at = new Date('2026-12-06T06:01:00.000Z')) {}
  readonly now = (): Date => this.at;
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}
