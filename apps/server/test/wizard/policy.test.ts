import type { SetupState } from '@hw/wizard-api';
import { ruleDraftSchema } from '@hw/wizard-api';
import { setupStateAt } from '@hw/wizard-api/testing';
import { describe, expect, it } from 'vitest';

import { buildPolicy, policyMatches } from '../../src/wizard/policy.ts';

function state(mode: 'push' | 'pull', rule: Record<string, unknown>): SetupState {
  const at = setupStateAt('review');
  return {
    ...at,
    mode,
    project: { id: 3, name: 'dst', createdByWizard: true },
    endpoint: {
      id: 7,
      name: 'target',
      url: 'https://t.example.com',
      accessKey: 'robot$dst+r',
      reused: false,
      side: mode === 'push' ? 'source' : 'target',
    },
    rule: ruleDraftSchema.parse({
      name: 'a-to-b',
      filters: {},
      destination: {},
      trigger: { type: 'manual' },
      bandwidth: {},
      ...rule,
    }),
  };
}

describe('buildPolicy', () => {
  it("sets every field of the policy explicitly, with the portal's defaults rather than the API's", () => {
    const policy = buildPolicy(state('push', {}));
    expect(policy).toEqual({
      name: 'a-to-b',
      description: '',
      src_registry: { id: 0 },
      dest_registry: { id: 7 },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      filters: [],
      trigger: { type: 'manual', trigger_settings: { cron: '' } },
      deletion: false,
      override: true,
      enabled: true,
      speed: -1,
      copy_by_chunk: false,
      single_active_replication: false,
    });
    expect(Object.values(policy).every((v) => v !== undefined)).toBe(true);
  });

  it('points the other way in pull mode', () => {
    const policy = buildPolicy(state('pull', {}));
    expect(policy.src_registry).toEqual({ id: 7 });
    expect(policy.dest_registry).toEqual({ id: 0 });
  });

  it('maps filters, a schedule, deletion, flattening and bandwidth', () => {
    const policy = buildPolicy(
      state('push', {
        filters: {
          name: 'src/**',
          tag: { decoration: 'excludes', pattern: '*-rc*' },
          labels: { decoration: 'matches', names: ['prod'] },
        },
        destination: { namespace: 'mirror/team', replaceCount: -1 },
        trigger: { type: 'event_based', cron: '0 0 2 * * *' },
        deletion: true,
        bandwidth: { unlimited: false, value: 500, unit: 'Kbps' },
      }),
    );
    expect(policy.filters).toEqual([
      { type: 'name', value: 'src/**' },
      { type: 'tag', value: '*-rc*', decoration: 'excludes' },
      { type: 'label', value: ['prod'], decoration: 'matches' },
    ]);
    // Cron only travels with a scheduled trigger.
    expect(policy.trigger).toEqual({ type: 'event_based', trigger_settings: { cron: '' } });
    expect(policy).toMatchObject({
      dest_namespace: 'mirror/team',
      dest_namespace_replace_count: -1,
      deletion: true,
      speed: 500,
    });
    expect(
      buildPolicy(state('push', { trigger: { type: 'scheduled', cron: '0 0 2 * * *' } })).trigger
        .trigger_settings.cron,
    ).toBe('0 0 2 * * *');
  });

  it('recognises an existing policy as the same rule only when it matches', () => {
    const wanted = buildPolicy(state('push', { filters: { name: 'src/**' } }));
    const existing = {
      name: 'a-to-b',
      src_registry: { id: 0, name: 'Local' },
      dest_registry: { id: 7 },
      dest_namespace: 'dst',
      dest_namespace_replace_count: 1,
      filters: [{ type: 'name', value: 'src/**' }],
      trigger: { type: 'manual', trigger_settings: { cron: '' } },
    };
    expect(policyMatches(existing, wanted)).toBe(true);
    expect(policyMatches({ ...existing, dest_registry: { id: 8 } }, wanted)).toBe(false);
    expect(policyMatches({ ...existing, filters: [] }, wanted)).toBe(false);
  });
});
