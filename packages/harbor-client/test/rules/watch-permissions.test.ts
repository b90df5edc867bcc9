import { describe, expect, it } from 'vitest';

import { parseHarborVersion, planWatchRobots, robotPolicies, watchRobotName } from '../../src/index.ts';

const plan = (
  ruleVersion: string | null,
  otherVersion: string | null,
  ruleSide: 'source' | 'target' = 'source',
) =>
  planWatchRobots({
    ruleSide,
    harbors: {
      source: { url: 'https://src.example', version: ruleSide === 'source' ? ruleVersion : otherVersion },
      target: { url: 'https://tgt.example', version: ruleSide === 'source' ? otherVersion : ruleVersion },
    },
    robotProject: 'mirror',
    suffix: '3f9a2c',
  });

const pairs = (robot: { permissions: { access: { resource: string; action: string }[] }[] }) =>
  robot.permissions.flatMap((p) => p.access.map((a) => `${a.resource}:${a.action}`)).sort();

describe('robotPolicies per Harbor version', () => {
  const v = (raw: string) => {
    const parsed = parseHarborVersion(raw);
    if (!parsed) throw new Error(raw);
    return parsed;
  };

  it('checks no pair before 2.10 (system-scope robot permissions came with 2.10)', () => {
    expect(robotPolicies(v('2.9.4'))).toBeNull();
  });

  it('has the job service monitor with list and stop, and no read, from 2.10', () => {
    const system = robotPolicies(v('2.10.0'))?.system;
    expect(system?.has('jobservice-monitor:list')).toBe(true);
    expect(system?.has('jobservice-monitor:stop')).toBe(true);
    expect(system?.has('jobservice-monitor:read')).toBe(false);
  });

  it('grants robot permissions inside a project only from 2.12 (NolimitProvider)', () => {
    expect(robotPolicies(v('2.11.2'))?.project.has('robot:read')).toBe(false);
    expect(robotPolicies(v('2.11.2'))?.project.has('repository:pull')).toBe(true);
    expect(robotPolicies(v('2.12.0'))?.project.has('robot:read')).toBe(true);
  });
});

describe('planWatchRobots', () => {
  it('is not possible when the rule runs on Harbor 2.9, and says to upgrade to 2.10', () => {
    const result = plan('v2.9.4-abc', 'v2.15.0-abc');
    expect(result.possible).toBe(false);
    expect(result.robots).toEqual([]);
    expect(result.message).toContain('Harbor 2.9');
    expect(result.message).toContain('Upgrade that Harbor to 2.10 or newer');
  });

  it('gives the rule Harbor exactly the system read/list pairs, the job service monitor included', () => {
    const [rule, other] = plan('v2.15.2-abc', 'v2.15.2-abc').robots;
    expect(rule?.side).toBe('source');
    expect(rule?.level).toBe('system');
    expect(rule?.name).toBe('robot$replication-watch-3f9a2c');
    expect(rule?.permissions.map((p) => [p.kind, p.namespace])).toEqual([['system', '/']]);
    expect(pairs(rule!)).toEqual([
      'jobservice-monitor:list',
      'registry:list',
      'registry:read',
      'replication-policy:list',
      'replication-policy:read',
      'replication:list',
      'replication:read',
    ]);
    expect(rule?.readsJobService).toBe(true);
    expect(other?.side).toBe('target');
    expect(other?.permissions).toEqual([
      {
        kind: 'project',
        namespace: 'mirror',
        access: [
          { resource: 'robot', action: 'list' },
          { resource: 'robot', action: 'read' },
        ],
      },
    ]);
    expect(other?.readsReplicationRobot).toBe(true);
  });

  it('only ever grants read and list, each pair one Harbor accepts for that version', () => {
    for (const version of ['2.10.0', '2.11.1', '2.12.0', '2.14.1', '2.15.2']) {
      const parsed = parseHarborVersion(version)!;
      for (const robot of plan(version, version).robots) {
        for (const permission of robot.permissions) {
          const allowed = robotPolicies(parsed)?.[permission.kind];
          for (const a of permission.access) {
            expect(['read', 'list']).toContain(a.action);
            expect(allowed?.has(`${a.resource}:${a.action}`)).toBe(true);
          }
        }
      }
    }
  });

  it('creates no robot on a replication robot Harbor older than 2.12 and says the recorded expiry is used', () => {
    for (const version of ['v2.9.1', 'v2.11.0']) {
      const result = plan('v2.15.0', version, 'target');
      expect(result.possible).toBe(true);
      expect(result.robots.map((r) => r.side)).toEqual(['target']);
      expect(result.robots[0]?.limitations.join(' ')).toContain('expiry recorded when the wizard created');
    }
  });

  it('names watch robots replication-watch-<6 hex> only', () => {
    expect(watchRobotName('a1b2c3')).toBe('replication-watch-a1b2c3');
    expect(() => watchRobotName('A1B2C3')).toThrow();
    expect(() => watchRobotName('a1b2')).toThrow();
  });
});
