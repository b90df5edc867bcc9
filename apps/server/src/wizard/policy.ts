// The replication policy sent to Harbor, built from the saved rule draft by harbor-client's
// replicationPolicyRequest (every field set explicitly), and how an existing policy is recognised.
import type {
  HarborReplicationFilter,
  HarborReplicationPolicy,
  ReplicationPolicyRequest,
} from '@hw/harbor-client';
import { replicationPolicyRequest } from '@hw/harbor-client';
import type { SetupState } from '@hw/wizard-api';
import { destinationNamespace } from '@hw/wizard-api';

import { fail } from '../errors.ts';

export function buildPolicy(state: SetupState): ReplicationPolicyRequest {
  const rule = state.rule;
  const endpoint = state.endpoint;
  if (!rule)
    fail(409, 'rule-missing', 'Save the replication rule first.', {
      hint: 'Go to the "Replication rule" step.',
    });
  if (!endpoint)
    fail(409, 'endpoint-missing', 'Save the endpoint first.', { hint: 'Go to the "Endpoint" step.' });
  return replicationPolicyRequest({
    name: rule.name,
    description: rule.description,
    direction: state.mode,
    remoteRegistryId: endpoint.id,
    destNamespace: destinationNamespace(rule.destination.namespace, state),
    destNamespaceReplaceCount: rule.destination.replaceCount,
    filters: rule.filters,
    trigger: rule.trigger,
    deletion: rule.deletion,
    override: rule.override,
    enabled: rule.enabled,
    copyByChunk: rule.copyByChunk,
    singleActiveReplication: rule.singleActiveReplication,
    bandwidth: rule.bandwidth,
  });
}

function registryId(r: { id?: number } | null | undefined): number {
  return r?.id ?? 0;
}

/** Whether an existing policy (e.g. found after a 409) is the one we would create. */
export function policyMatches(existing: HarborReplicationPolicy, wanted: ReplicationPolicyRequest): boolean {
  const filters = (list: readonly HarborReplicationFilter[] | null | undefined) =>
    JSON.stringify(
      [...(list ?? [])]
        .map((f) => ({ type: f.type ?? '', value: f.value ?? '', decoration: f.decoration ?? '' }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    );
  return (
    existing.name === wanted.name &&
    registryId(existing.src_registry) === registryId(wanted.src_registry) &&
    registryId(existing.dest_registry) === registryId(wanted.dest_registry) &&
    (existing.dest_namespace ?? '') === wanted.dest_namespace &&
    (existing.dest_namespace_replace_count ?? -1) === wanted.dest_namespace_replace_count &&
    (existing.trigger?.type ?? 'manual') === wanted.trigger.type &&
    (wanted.trigger.type !== 'scheduled' ||
      existing.trigger?.trigger_settings?.cron === wanted.trigger.trigger_settings.cron) &&
    filters(existing.filters) === filters(wanted.filters)
  );
}
