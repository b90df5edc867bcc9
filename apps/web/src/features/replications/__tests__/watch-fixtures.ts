// Watches, executions and an EventSource as the server and the browser give them to the page.
import type { WatchExecution, WatchSummary } from '@hw/wizard-api';
import { afterEach, beforeEach, vi } from 'vitest';

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export function execution(id: number, overrides: Partial<WatchExecution> = {}): WatchExecution {
  return {
    id,
    status: 'Succeed',
    statusText: '',
    trigger: 'scheduled',
    startTime: '2026-12-01T02:00:00.000Z',
    endTime: '2026-12-01T02:01:30.000Z',
    durationSeconds: 90,
    total: 4,
    succeed: 4,
    failed: 0,
    stopped: 0,
    inProgress: 0,
    final: true,
    archivedOnly: false,
    ...overrides,
  };
}

export function watchSummary(id: string, overrides: Partial<WatchSummary> = {}): WatchSummary {
  return {
    id,
    setupId: `setup-${id}`,
    name: `rule-${id}`,
    mode: 'push',
    sourceUrl: 'https://harbor-a.example.com',
    targetUrl: 'https://harbor-b.example.com',
    createdAt: '2026-11-30T10:00:00.000Z',
    rule: {
      policyId: 3,
      name: `rule-${id}`,
      side: 'source',
      trigger: 'scheduled',
      cron: '0 0 2 * * *',
      enabled: true,
      nextRunAt: '2026-12-07T02:00:00.000Z',
    },
    endpoint: { id: 5, name: 'harbor-b', health: 'healthy' },
    lastExecution: execution(41),
    recent: [
      { id: 41, status: 'Succeed', startTime: '2026-12-01T02:00:00.000Z', durationSeconds: 90 },
      { id: 40, status: 'Failed', startTime: '2026-11-30T02:00:00.000Z', durationSeconds: 12 },
    ],
    consecutiveFailures: 0,
    lastSuccessAt: '2026-12-01T02:01:30.000Z',
    replicationRobot: {
      side: 'target',
      name: 'robot$dst+replication',
      expiresAt: nowSeconds() + 200 * DAY,
      source: 'harbor',
      checkedAt: '2026-12-01T02:00:00.000Z',
    },
    watchRobots: [
      {
        side: 'source',
        name: 'robot$replication-watch-3f9a2c',
        expiresAt: -1,
        source: 'harbor',
        checkedAt: '2026-12-01T02:00:00.000Z',
      },
    ],
    conditions: [],
    verdict: 'healthy',
    reason: 'the last run succeeded',
    stuck: null,
    harbors: [
      { side: 'source', reachable: true, error: null },
      { side: 'target', reachable: true, error: null },
    ],
    polledAt: '2026-12-01T02:02:00.000Z',
    nextPollAt: '2026-12-01T02:02:30.000Z',
    ...overrides,
  };
}

export const daysFromNow = (days: number) => nowSeconds() + days * DAY + 3600;

/** A stand-in for the browser's EventSource: the test pushes events and failures into it. */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  static last(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1);
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }

  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }

  /** An unnamed event (`data: <json>`), as the server sends a WatchEvent. */
  emit(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }

  /** The server refused or ended the stream for good: the browser will not retry by itself. */
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
}

/** Every test of the calling file gets a fresh FakeEventSource in place of the browser's. */
export function stubEventSource(): void {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
}
