import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import {
  validateDestinationNamespace,
  validateReplicationCron,
  validateReplicationFilters,
} from '../harbor-rules.ts';
import { requireSystemAccess } from '../http/auth.ts';
import { field, objectBody, pathInt, queryString, records } from '../http/body.ts';
import { badRequest, conflict, internal, notFound, precondition } from '../http/errors.ts';
import { oe, sendCreated, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import { parseQ, termMatches } from '../http/query.ts';
import type { Scheduler } from '../replication/scheduler.ts';
import type { FilterRecord, PolicyRecord } from '../state/model.ts';
import type { Store } from '../state/store.ts';
import { registryById } from './registries.ts';

const TRIGGERS = new Set(['manual', 'event_based', 'scheduled']);

export function policyModel(ctx: SimContext, p: PolicyRecord): Record<string, unknown> {
  const { store, capabilities: can } = ctx;
  // Fields appear with the release that introduced them (docs/harbor-behaviour.md, "Versions").
  return {
    copy_by_chunk: can.copyByChunk ? p.copyByChunk : undefined,
    creation_time: time(p.creationTime),
    deletion: oe(p.deletion),
    description: oe(p.description),
    dest_namespace: oe(p.destNamespace),
    dest_namespace_replace_count: can.destNamespaceReplaceCount ? p.destNamespaceReplaceCount : undefined,
    dest_registry: registryOrStub(store, p.destRegistryId),
    enabled: oe(p.enabled),
    filters:
      p.filters.length > 0
        ? p.filters.map((f) => ({ decoration: oe(f.decoration ?? ''), type: f.type, value: f.value }))
        : null,
    id: p.id,
    name: p.name,
    override: oe(p.override),
    replicate_deletion: oe(p.deletion),
    single_active_replication: can.singleActiveReplication ? p.singleActiveReplication : undefined,
    speed: can.speed ? p.speed : undefined,
    src_registry: registryOrStub(store, p.srcRegistryId),
    trigger: p.trigger
      ? { trigger_settings: { cron: oe(p.trigger.cron ?? '') }, type: p.trigger.type }
      : undefined,
    update_time: time(p.updateTime),
  };
}

function registryOrStub(store: Store, id: number): Record<string, unknown> {
  try {
    return registryById(store, id);
  } catch {
    return { id };
  }
}

/** Reads a policy body as the handler maps it, then runs Harbor's `Validate` in order. */
function parsePolicy(
  ctx: SimContext,
  body: Record<string, unknown>,
): Omit<PolicyRecord, 'id' | 'creationTime' | 'updateTime'> {
  const registryId = (name: string): number => {
    const value = field<Record<string, unknown>>(body, name, 'object');
    return value ? (field<number>(value, 'id', 'number', `${name}.id`) ?? 0) : 0;
  };
  const rawTrigger = field<Record<string, unknown>>(body, 'trigger', 'object');
  let trigger: PolicyRecord['trigger'];
  if (rawTrigger) {
    const settings =
      field<Record<string, unknown>>(rawTrigger, 'trigger_settings', 'object', 'trigger.trigger_settings') ??
      {};
    trigger = {
      type: field<string>(rawTrigger, 'type', 'string', 'trigger.type') ?? '',
      cron: field<string>(settings, 'cron', 'string', 'trigger.trigger_settings.cron') ?? '',
    };
  }
  const rawFilters = field<unknown[]>(body, 'filters', 'array') ?? [];
  const filterRecords = records(rawFilters, 'filters');
  const speed = field<number>(body, 'speed', 'number') ?? 0;
  const can = ctx.capabilities;
  // A release ignores fields it does not know yet (go-swagger drops unknown JSON keys).
  const single =
    can.singleActiveReplication && (field<boolean>(body, 'single_active_replication', 'boolean') ?? false);
  // The handler returns a plain Go error here, so Harbor answers 500.
  if (single && trigger?.type === 'event_based')
    throw internal('single active replication is not supported for event based trigger');
  const policy = {
    name: field<string>(body, 'name', 'string') ?? '',
    description: field<string>(body, 'description', 'string') ?? '',
    creator: '',
    srcRegistryId: registryId('src_registry'),
    destRegistryId: registryId('dest_registry'),
    destNamespace: field<string>(body, 'dest_namespace', 'string') ?? '',
    destNamespaceReplaceCount: can.destNamespaceReplaceCount
      ? (field<number>(body, 'dest_namespace_replace_count', 'number') ?? -1)
      : -1,
    filters: filterRecords.map((r, i): FilterRecord => ({
      type: field<string>(r, 'type', 'string', `filters.${i}.type`) ?? '',
      value: r.value,
      decoration: field<string>(r, 'decoration', 'string', `filters.${i}.decoration`),
    })),
    trigger,
    // Only the deprecated `deletion` field is read; `replicate_deletion` is ignored on input.
    deletion: field<boolean>(body, 'deletion', 'boolean') ?? false,
    override: field<boolean>(body, 'override', 'boolean') ?? false,
    enabled: field<boolean>(body, 'enabled', 'boolean') ?? false,
    speed: can.speed && speed > 0 ? speed : 0,
    copyByChunk: can.copyByChunk && (field<boolean>(body, 'copy_by_chunk', 'boolean') ?? false),
    singleActiveReplication: single,
  };
  if (!policy.name) throw badRequest('empty name');
  if ((policy.srcRegistryId === 0) === (policy.destRegistryId === 0)) {
    throw badRequest(
      "either src_registry or dest_registry should be empty and the other one shouldn't be empty",
    );
  }
  if (policy.destNamespace) {
    const check = validateDestinationNamespace(policy.destNamespace);
    if (!check.ok) throw badRequest(check.message);
  }
  const filterCheck = validateReplicationFilters(rawFilters, ctx.version);
  if (!filterCheck.ok) throw badRequest(filterCheck.message);
  if (trigger) {
    if (!TRIGGERS.has(trigger.type)) throw badRequest('invalid trigger type');
    // Cron is validated only for scheduled triggers; other triggers store it as given.
    if (trigger.type === 'scheduled') {
      const check = validateReplicationCron(trigger.cron ?? '', ctx.version);
      if (!check.ok) throw badRequest(check.message);
    }
  }
  for (const id of [policy.srcRegistryId, policy.destRegistryId]) {
    if (id !== 0 && !ctx.store.registries.has(id)) throw notFound(`registry ${id} not found`);
  }
  return policy;
}

export function policyRoutes(app: FastifyInstance, ctx: SimContext, scheduler: Scheduler): void {
  const { store } = ctx;

  app.post('/api/v2.0/replication/policies', (request, reply) => {
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'replication-policy', 'create');
    const parsed = parsePolicy(ctx, body);
    for (const p of store.policies.values())
      if (p.name === parsed.name) throw conflict(`replication policy ${parsed.name} already exists`);
    const now = ctx.now();
    const p = request.principal;
    const policy: PolicyRecord = {
      ...parsed,
      creator: p.kind === 'user' ? p.user.username : p.kind === 'robot' ? p.name : '',
      id: store.nextId('policy'),
      creationTime: now,
      updateTime: now,
    };
    store.policies.set(policy.id, policy);
    scheduler.schedule(policy);
    return sendCreated(reply, `/api/v2.0/replication/policies/${policy.id}`);
  });

  app.get('/api/v2.0/replication/policies', (request, reply) => {
    const paging = parsePaging(request);
    requireSystemAccess(request.principal, 'replication-policy', 'list');
    const q = parseQ(queryString(request, 'q'));
    if (!q) throw badRequest('invalid query string');
    const name = queryString(request, 'name');
    const policies = [...store.policies.values()]
      .filter((p) => (name ? p.name.includes(name) : true) && termMatches(q.get('name'), p.name))
      .sort((a, b) => b.creationTime.getTime() - a.creationTime.getTime() || b.id - a.id);
    return sendJson(
      reply,
      200,
      pageOf(request, reply, policies, paging).map((p) => policyModel(ctx, p)),
    );
  });

  const load = (raw: string): PolicyRecord => {
    const id = pathInt(raw, 'id');
    const policy = store.policies.get(id);
    if (!policy) throw notFound(`replication policy ${id} not found`);
    return policy;
  };

  app.get<{ Params: { id: string } }>('/api/v2.0/replication/policies/:id', (request, reply) => {
    requireSystemAccess(request.principal, 'replication-policy', 'read');
    return sendJson(reply, 200, policyModel(ctx, load(request.params.id)));
  });

  app.put<{ Params: { id: string } }>('/api/v2.0/replication/policies/:id', (request, reply) => {
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'replication-policy', 'update');
    const policy = load(request.params.id);
    // A full replace: omitted fields become zero values.
    const parsed = parsePolicy(ctx, body);
    for (const p of store.policies.values())
      if (p.name === parsed.name && p.id !== policy.id)
        throw conflict(`replication policy ${parsed.name} already exists`);
    Object.assign(policy, parsed, { updateTime: ctx.now() });
    scheduler.schedule(policy);
    return reply.code(200).send();
  });

  app.delete<{ Params: { id: string } }>('/api/v2.0/replication/policies/:id', (request, reply) => {
    requireSystemAccess(request.principal, 'replication-policy', 'delete');
    const policy = load(request.params.id);
    const executions = [...store.executions.values()].filter((e) => e.policyId === policy.id);
    if (executions.some((e) => e.status === 'Running'))
      throw precondition("contains executions that aren't in final status, stop the execution first");
    for (const e of executions) store.executions.delete(e.id);
    store.policies.delete(policy.id);
    scheduler.unschedule(policy.id);
    return reply.code(200).send();
  });
}
