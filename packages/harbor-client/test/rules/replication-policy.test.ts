import { describe, expect, it } from 'vitest';

import type { ReplicationFilterChoices, ReplicationPolicyChoices } from '../../src/index.ts';
import { replicationFilters, replicationPolicyRequest, speedKBps } from '../../src/index.ts';

const none: ReplicationFilterChoices = {
  name: '',
  tag: { decoration: 'matches', pattern: '' },
  labels: { decoration: 'matches', names: [] },
  resource: '',
};

describe('replicationFilters', () => {
  it.each([
    ['no choice, no filter', none, []],
    [
      'empty choices are dropped as the portal does',
      {
        ...none,
        name: 'src/**',
        tag: { decoration: 'excludes', pattern: '' },
        labels: { decoration: 'matches', names: ['prod'] },
      },
      [
        { type: 'name', value: 'src/**' },
        { type: 'label', value: ['prod'], decoration: 'matches' },
      ],
    ],
    [
      'every filter, in Harbor order',
      {
        name: 'src/**',
        tag: { decoration: 'excludes', pattern: '*-rc*' },
        labels: { decoration: 'excludes', names: ['a', 'b'] },
        resource: 'image',
      },
      [
        { type: 'name', value: 'src/**' },
        { type: 'tag', value: '*-rc*', decoration: 'excludes' },
        { type: 'label', value: ['a', 'b'], decoration: 'excludes' },
        { type: 'resource', value: 'image' },
      ],
    ],
  ] as const)('%s', (_title, choices, filters) => {
    expect(replicationFilters(choices as ReplicationFilterChoices)).toEqual(filters);
  });
});

describe('speedKBps', () => {
  it.each([
    [{ unlimited: true, unit: 'Mbps' }, -1],
    [{ unlimited: true, value: 5, unit: 'Mbps' }, -1],
    [{ unlimited: false, unit: 'Mbps' }, -1],
    [{ unlimited: false, value: 3, unit: 'Mbps' }, 3072],
    [{ unlimited: false, value: 3, unit: 'Kbps' }, 3],
  ] as const)('%o is %i KB/s, as the portal converts it', (bandwidth, speed) => {
    expect(speedKBps(bandwidth)).toBe(speed);
  });
});

describe('replicationPolicyRequest', () => {
  const choices: ReplicationPolicyChoices = {
    name: 'a-to-b',
    description: 'd',
    direction: 'push',
    remoteRegistryId: 7,
    destNamespace: 'dst',
    destNamespaceReplaceCount: 1,
    filters: { ...none, name: 'src/**' },
    trigger: { type: 'scheduled', cron: '0 0 2 * * *' },
    deletion: false,
    override: true,
    enabled: true,
    copyByChunk: false,
    singleActiveReplication: true,
    bandwidth: { unlimited: false, value: 2, unit: 'Mbps' },
  };

  it('sets every field, the local Harbor as registry id 0', () => {
    expect(replicationPolicyRequest(choices)).toEqual({
      name: 'a-to-b',
      description: 'd',
      src_registry: { id: 0 },
      dest_registry: { id: 7 },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      filters: [{ type: 'name', value: 'src/**' }],
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
      deletion: false,
      override: true,
      enabled: true,
      speed: 2048,
      copy_by_chunk: false,
      single_active_replication: true,
    });
  });

  it.each([
    ['push', { id: 0 }, { id: 7 }],
    ['pull', { id: 7 }, { id: 0 }],
  ] as const)('%s: from %o to %o', (direction, src, dest) => {
    const policy = replicationPolicyRequest({ ...choices, direction });
    expect(policy.src_registry).toEqual(src);
    expect(policy.dest_registry).toEqual(dest);
  });

  it.each(['manual', 'event_based'] as const)('sends no cron with a %s trigger', (type) => {
    expect(replicationPolicyRequest({ ...choices, trigger: { type, cron: '0 0 2 * * *' } }).trigger).toEqual({
      type,
      trigger_settings: { cron: '' },
    });
  });
});
