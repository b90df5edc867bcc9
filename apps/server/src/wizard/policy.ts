// The replication policy sent to Harbor, built from the saved rule draft with EVERY field of
// CONTRACT §8.1 set explicitly: Harbor's API defaults (enabled/override false, replace count -1)
// differ from its portal's, so nothing is left to them.
import type { HarborReplicationFilter, HarborReplicationPolicy } from '@hw/harbor-client';
import type { RuleDraft, SetupState } from '@hw/wizard-api';
import { toHarborFilterList } from '@hw/wizard-api';

import { fail } from '../errors.ts';

/**
 * Harbor reads only `.id` of a registry; id 0 is the local Harbor. Harbor's handler also takes
 * `null` for the local side, but the spec does not allow null there, so `{ id: 0 }` is sent.
 */
export type PolicyRequest = {
  name: string;
  description: string;
  src_registry: { id: number };
  dest_registry: { id: number };
  dest_namespace: string;
  dest_namespace_replace_count: number;
  filters: HarborReplicationFilter[];
  trigger: { type: string; trigger_settings: { cron: string } };
  deletion: boolean;
  override: boolean;
  enabled: boolean;
  speed: number;
  copy_by_chunk: boolean;
  single_active_replication: boolean;
};

/** KB/s per task as Harbor stores it (the portal's convertToKB); -1 = unlimited. */
export function speedKBps(bandwidth: RuleDraft['bandwidth']): number {
  if (bandwidth.unlimited || bandwidth.value === undefined) return -1;
  return bandwidth.unit === 'Mbps' ? bandwidth.value * 1024 : bandwidth.value;
}

/** Where matched repositories land: the namespace typed in, else the target project. */
export function destinationNamespace(rule: RuleDraft, state: SetupState): string {
  return rule.destination.namespace || state.project?.name || '';
}

export function buildPolicy(state: SetupState): PolicyRequest {
  const rule = state.rule;
  const endpoint = state.endpoint;
  if (!rule)
    fail(409, 'rule-missing', 'Save the replication rule first.', {
      hint: 'Go to the "Replication rule" step.',
    });
  if (!endpoint)
    fail(409, 'endpoint-missing', 'Save the endpoint first.', { hint: 'Go to the "Endpoint" step.' });
  const remote = { id: endpoint.id };
  const local = { id: 0 };
  return {
    name: rule.name,
    description: rule.description,
    src_registry: state.mode === 'push' ? local : remote,
    dest_registry: state.mode === 'push' ? remote : local,
    dest_namespace: destinationNamespace(rule, state),
    dest_namespace_replace_count: rule.destination.replaceCount,
    filters: toHarborFilterList(rule.filters),
    trigger: {
      type: rule.trigger.type,
      trigger_settings: { cron: rule.trigger.type === 'scheduled' ? rule.trigger.cron : '' },
    },
    deletion: rule.deletion,
    override: rule.override,
    enabled: rule.enabled,
    speed: speedKBps(rule.bandwidth),
    copy_by_chunk: rule.copyByChunk,
    single_active_replication: rule.singleActiveReplication,
  };
}

function registryId(r: { id?: number } | null | undefined): number {
  return r?.id ?? 0;
}

/** Whether an existing policy (e.g. found after a 409) is the one we would create. */
export function policyMatches(existing: HarborReplicationPolicy, wanted: PolicyRequest): boolean {
  const filters = (list: readonly HarborReplicationFilter[] | null | undefined) =>
    JSON.stringify(
      [...(list ?? [])]
        .map((f) => ({ type: f.type ?? '', value: f.value ?? '', decoration: f.decoration ?? '' }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    );
  const wantedFilters = wanted.filters.map((f) => ({ ...f, decoration: f.decoration ?? '' }));
  return (
    existing.name === wanted.name &&
    registryId(existing.src_registry) === registryId(wanted.src_registry) &&
    registryId(existing.dest_registry) === registryId(wanted.dest_registry) &&
    (existing.dest_namespace ?? '') === wanted.dest_namespace &&
    (existing.dest_namespace_replace_count ?? -1) === wanted.dest_namespace_replace_count &&
    (existing.trigger?.type ?? 'manual') === wanted.trigger.type &&
    (wanted.trigger.type !== 'scheduled' ||
      existing.trigger?.trigger_settings?.cron === wanted.trigger.trigger_settings.cron) &&
    filters(existing.filters) === filters(wantedFilters)
  );
}
