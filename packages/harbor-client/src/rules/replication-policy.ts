// The body of `POST/PUT /replication/policies` built from the operator's choices, with every field
// set: Harbor's API defaults (enabled and override false, replace count -1) differ from its
// portal's, so nothing is left to them (handler/replication.go CreateReplicationPolicy, Harbor
// v2.15.2; docs/harbor-behaviour.md, "Replication policy").
import type {
  HarborReplicationFilter,
  HarborReplicationPolicy,
  HarborReplicationTrigger,
  HarborReplicationTriggerSettings,
} from '../types.ts';

type Decoration = 'matches' | 'excludes';

/** The filter choices as the portal's rule form holds them; an empty choice is no filter. */
export type ReplicationFilterChoices = {
  /** doublestar glob on the full "project/repository" name. */
  name: string;
  tag: { decoration: Decoration; pattern: string };
  labels: { decoration: Decoration; names: readonly string[] };
  resource: '' | 'image' | 'artifact';
};

/** Harbor's filter list: name, tag, label, resource, leaving out the empty ones as the portal does. */
export function replicationFilters(choices: ReplicationFilterChoices): HarborReplicationFilter[] {
  const list: HarborReplicationFilter[] = [];
  if (choices.name) list.push({ type: 'name', value: choices.name });
  if (choices.tag.pattern)
    list.push({ type: 'tag', value: choices.tag.pattern, decoration: choices.tag.decoration });
  if (choices.labels.names.length > 0)
    list.push({ type: 'label', value: [...choices.labels.names], decoration: choices.labels.decoration });
  if (choices.resource) list.push({ type: 'resource', value: choices.resource });
  return list;
}

export type ReplicationBandwidth = { unlimited: boolean; value?: number; unit: 'Kbps' | 'Mbps' };

/** KB/s per task as Harbor stores `speed` (the portal's convertToKB); -1 = unlimited. */
export function speedKBps(bandwidth: ReplicationBandwidth): number {
  if (bandwidth.unlimited || bandwidth.value === undefined) return -1;
  return bandwidth.unit === 'Mbps' ? bandwidth.value * 1024 : bandwidth.value;
}

type RequestFields =
  | 'name'
  | 'description'
  | 'src_registry'
  | 'dest_registry'
  | 'dest_namespace'
  | 'dest_namespace_replace_count'
  | 'filters'
  | 'trigger'
  | 'deletion'
  | 'override'
  | 'enabled'
  | 'speed'
  | 'copy_by_chunk'
  | 'single_active_replication';

/** A replication policy with every field the wizard decides present, the trigger's included. */
export type ReplicationPolicyRequest = Required<Pick<HarborReplicationPolicy, RequestFields>> & {
  trigger: Required<HarborReplicationTrigger> & {
    trigger_settings: Required<HarborReplicationTriggerSettings>;
  };
};

export type ReplicationPolicyChoices = {
  name: string;
  description: string;
  /** push: the local Harbor is the source; pull: it is the destination. */
  direction: 'push' | 'pull';
  /** The registry (endpoint) of the other Harbor on the Harbor that runs the rule. */
  remoteRegistryId: number;
  destNamespace: string;
  /** -1 flattens all levels, 0 keeps them, N drops the first N. */
  destNamespaceReplaceCount: number;
  filters: ReplicationFilterChoices;
  trigger: { type: 'manual' | 'scheduled' | 'event_based'; cron: string };
  deletion: boolean;
  override: boolean;
  enabled: boolean;
  copyByChunk: boolean;
  singleActiveReplication: boolean;
  bandwidth: ReplicationBandwidth;
};

/**
 * Harbor reads only `.id` of a policy's registries, and id 0 is the local Harbor. Its handler also
 * takes `null` for the local side, but the spec does not allow null there, so `{ id: 0 }` is sent.
 */
const LOCAL_REGISTRY = { id: 0 } as const;

export function replicationPolicyRequest(choices: ReplicationPolicyChoices): ReplicationPolicyRequest {
  const remote = { id: choices.remoteRegistryId };
  const push = choices.direction === 'push';
  return {
    name: choices.name,
    description: choices.description,
    src_registry: push ? { ...LOCAL_REGISTRY } : remote,
    dest_registry: push ? remote : { ...LOCAL_REGISTRY },
    dest_namespace: choices.destNamespace,
    dest_namespace_replace_count: choices.destNamespaceReplaceCount,
    filters: replicationFilters(choices.filters),
    trigger: {
      type: choices.trigger.type,
      // A cron travels only with a scheduled trigger.
      trigger_settings: { cron: choices.trigger.type === 'scheduled' ? choices.trigger.cron : '' },
    },
    deletion: choices.deletion,
    override: choices.override,
    enabled: choices.enabled,
    speed: speedKBps(choices.bandwidth),
    copy_by_chunk: choices.copyByChunk,
    single_active_replication: choices.singleActiveReplication,
  };
}
