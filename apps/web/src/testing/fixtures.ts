// Server answers as apps/server sends them, built from the wizard-api types so they stay in shape.
import type { Session, SetupSummary, WatchPlan, WatchSummary } from '@hw/wizard-api';

export { connectionFixture as connection, SETUP_ID, setupStateAt as setupAt } from '@hw/wizard-api/testing';
export const CSRF_TOKEN = 'csrf-token-1';

export function session(overrides: Partial<Session> = {}): Session {
  return {
    csrfToken: CSRF_TOKEN,
    demo: { available: false },
    currentSetupId: null,
    history: [],
    ...overrides,
  };
}

/** What the server plans for "Keep watching" a push setup on Harbor 2.12 (both Harbors). */
export function watchPlan(overrides: Partial<WatchPlan> = {}): WatchPlan {
  return {
    possible: true,
    message: null,
    durationDays: 180,
    robots: [
      {
        side: 'source',
        harborUrl: 'https://source.example.com',
        harborVersion: '2.12.0',
        name: 'robot$replication-watch-3f9a2c',
        level: 'system',
        permissions: [
          {
            kind: 'system',
            namespace: '/',
            access: [
              { resource: 'replication', action: 'read' },
              { resource: 'replication', action: 'list' },
            ],
          },
        ],
        can: ['Read the rule’s executions, tasks and their logs', 'Read the endpoint and its health'],
        cannot: ['Create, change, start, stop or delete anything'],
        limitations: [],
      },
      {
        side: 'target',
        harborUrl: 'https://target.example.com',
        harborVersion: '2.12.0',
        name: 'robot$replication-watch-3f9a2c',
        level: 'system',
        permissions: [{ kind: 'project', namespace: 'dst', access: [{ resource: 'robot', action: 'read' }] }],
        can: ['Read the replication robot’s expiry'],
        cannot: ['Pull or push images'],
        limitations: [],
      },
    ],
    ...overrides,
  };
}

/** A watch as `POST watchStart` answers it, before its first poll. */
export function watchSummary(setupId: string, overrides: Partial<WatchSummary> = {}): WatchSummary {
  return {
    id: `watch-${setupId}`,
    setupId,
    name: 'to-target',
    mode: 'push',
    sourceUrl: 'https://source.example.com',
    targetUrl: 'https://target.example.com',
    createdAt: '2026-11-26T10:40:00.000Z',
    rule: {
      policyId: 5,
      name: 'to-target',
      side: 'source',
      trigger: 'manual',
      cron: null,
      enabled: true,
      nextRunAt: null,
    },
    endpoint: { id: 2, name: 'target.example.com', health: 'unknown' },
    lastExecution: null,
    recent: [],
    consecutiveFailures: 0,
    lastSuccessAt: null,
    replicationRobot: {
      side: 'target',
      name: 'robot$dst+replicator',
      expiresAt: -1,
      source: 'recorded',
      checkedAt: null,
    },
    watchRobots: [],
    conditions: [],
    verdict: 'pending',
    reason: 'Not polled yet.',
    stuck: null,
    harbors: [],
    polledAt: null,
    nextPollAt: null,
    ...overrides,
  };
}

/** A finished push setup as the setups lists show it. */
export function finishedSetup(id: string, overrides: Partial<SetupSummary> = {}): SetupSummary {
  return {
    id,
    mode: 'push',
    status: 'completed',
    step: 'done',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:30:00.000Z',
    sourceUrl: 'https://source.example.com',
    targetUrl: 'https://target.example.com',
    policyName: 'to-target',
    ruleName: 'to-target',
    created: [],
    ...overrides,
  };
}
