// A watched push rule on two harbor-sim instances, built with Harbor's own API as an administrator
// (project, replication robot, endpoint, rule, one read-only system robot per Harbor) and stored as
// a watch record directly, so the poller can be tested without the "Keep watching" flow.
import { randomUUID } from 'node:crypto';

import type { HarborClient } from '@hw/harbor-client';
import { createHarborClient } from '@hw/harbor-client';
import type { HarborSim, ObservedRequest } from '@hw/harbor-sim';
import { createHarborSim } from '@hw/harbor-sim';
import type { FastifyInstance } from 'fastify';

import type { WatchRecord, WatchRobotRecord } from '../../src/storage/watch-store.ts';
import { watchSecretAad } from '../../src/storage/watch-store.ts';
import { SOURCE_ADMIN, TARGET_ADMIN } from '../sims.ts';

export type Bed = {
  source: HarborSim;
  target: HarborSim;
  /** Requests each simulator received (tests clear them before the poll they count). */
  requests: { source: ObservedRequest[]; target: ObservedRequest[] };
  admin: { source: HarborClient; target: HarborClient };
  close(): Promise<void>;
};

export async function startBed(
  options: {
    retention?: number;
    /** The Harbors' own clock (their `Date` header, robot expiry): the test's, to agree with the server's. */
    clock?: { now(): Date };
  } = {},
): Promise<Bed> {
  const requests: Bed['requests'] = { source: [], target: [] };
  const sim = (side: 'source' | 'target', admin: { username: string; password: string }) =>
    createHarborSim({
      name: side,
      seed: `test-${side}`,
      admin,
      ...(options.retention ? { replicationExecutionRetention: options.retention } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      observeRequest: (request) => requests[side].push(request),
    });
  const source = await sim('source', SOURCE_ADMIN);
  const target = await sim('target', TARGET_ADMIN);
  return {
    source,
    target,
    requests,
    admin: {
      source: createHarborClient({ baseUrl: source.url, ...SOURCE_ADMIN }),
      target: createHarborClient({ baseUrl: target.url, ...TARGET_ADMIN }),
    },
    close: async () => {
      await Promise.all([source.close(), target.close()]);
    },
  };
}

const RULE_HARBOR_ACCESS = [
  { resource: 'replication', action: 'list' },
  { resource: 'replication', action: 'read' },
  { resource: 'replication-policy', action: 'list' },
  { resource: 'replication-policy', action: 'read' },
  { resource: 'registry', action: 'list' },
  { resource: 'registry', action: 'read' },
  { resource: 'jobservice-monitor', action: 'list' },
];

const DAY_S = 86_400;

export type WatchedRule = { record: WatchRecord; policyId: number; project: string };

/**
 * A push rule from the source's `library/alpine` into a new target project, watched: the record is
 * stored with its two watch robots' sealed secrets. `nextPollAt` far ahead: tests poll it themselves.
 */
export async function watchedRule(
  app: FastifyInstance,
  bed: Bed,
  name: string,
  options: { trigger?: { type: 'scheduled'; cron: string } } = {},
): Promise<WatchedRule> {
  const { source, target } = bed.admin;
  const project = `${name}-dst`;
  await target.projects.create({ project_name: project, metadata: { public: 'false' } });
  const replicationRobot = await target.robots.create({
    name: `${name}-repl`,
    level: 'project',
    duration: -1,
    permissions: [
      {
        kind: 'project',
        namespace: project,
        access: [
          { resource: 'repository', action: 'pull' },
          { resource: 'repository', action: 'push' },
        ],
      },
    ],
  });
  const endpoint = await source.registries.create({
    name: `${name}-endpoint`,
    type: 'harbor',
    url: bed.target.url,
    credential: {
      type: 'basic',
      access_key: replicationRobot.name ?? '',
      access_secret: replicationRobot.secret ?? '',
    },
  });
  const trigger = options.trigger
    ? { type: 'scheduled', trigger_settings: { cron: options.trigger.cron } }
    : { type: 'manual' };
  const policy = await source.policies.create({
    name: `${name}-rule`,
    enabled: true,
    override: true,
    dest_registry: { id: endpoint.id },
    dest_namespace: project,
    filters: [{ type: 'name', value: 'library/alpine' }],
    trigger,
  });
  const sourceRobot = await source.robots.create({
    name: `replication-watch-${name}`,
    level: 'system',
    duration: 180,
    permissions: [{ kind: 'system', namespace: '/', access: RULE_HARBOR_ACCESS }],
  });
  const targetRobot = await target.robots.create({
    name: `replication-watch-${name}`,
    level: 'system',
    duration: 180,
    permissions: [
      {
        kind: 'project',
        namespace: project,
        access: [
          { resource: 'robot', action: 'read' },
          { resource: 'robot', action: 'list' },
        ],
      },
    ],
  });
  const robot = (
    side: 'source' | 'target',
    created: typeof sourceRobot,
    reads: Pick<WatchRobotRecord, 'readsJobService' | 'readsReplicationRobot'>,
  ): WatchRobotRecord => ({
    side,
    id: created.id ?? 0,
    name: created.name ?? '',
    expiresAt: created.expires_at ?? -1,
    ...reads,
  });
  const harbor = (url: string) => ({ url, tls: { mode: 'verify' as const }, demo: false, version: '2.15.2' });
  const record: WatchRecord = {
    id: randomUUID(),
    setupId: randomUUID(),
    createdAt: app.ctx.now().toISOString(),
    config: {
      name,
      mode: 'push',
      harbors: { source: harbor(bed.source.url), target: harbor(bed.target.url) },
      rule: { policyId: policy.id, name: `${name}-rule`, side: 'source' },
      endpoint: { id: endpoint.id, name: `${name}-endpoint`, side: 'source' },
      replicationRobot: {
        side: 'target',
        id: replicationRobot.id ?? 0,
        name: replicationRobot.name ?? '',
        project,
        expiresAt: -1,
      },
      watchRobots: [
        robot('source', sourceRobot, { readsJobService: true, readsReplicationRobot: false }),
        robot('target', targetRobot, { readsJobService: false, readsReplicationRobot: true }),
      ],
    },
    state: null,
    nextPollAt: app.ctx.now().getTime() + 365 * DAY_S * 1000,
    pollFailures: 0,
  };
  const { vault } = app.ctx;
  await app.ctx.storage.watches.create(record, [
    { side: 'source', sealed: vault.seal(sourceRobot.secret ?? '', watchSecretAad(record.id, 'source')) },
    { side: 'target', sealed: vault.seal(targetRobot.secret ?? '', watchSecretAad(record.id, 'target')) },
  ]);
  return { record, policyId: policy.id, project };
}

/** Starts the rule and waits until the simulator has finished (or holds) everything it started. */
export async function runRule(bed: Bed, policyId: number): Promise<number> {
  const { id } = await bed.admin.source.executions.start(policyId);
  await bed.source.control.idle();
  return id;
}
