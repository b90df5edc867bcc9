import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { requireSystemAccess } from '../http/auth.ts';
import { field, objectBody, pathInt, queryInt, queryString } from '../http/body.ts';
import { badRequest, notFound, precondition } from '../http/errors.ts';
import { sendCreated, sendJson, time } from '../http/json.ts';
import { pageOf, parsePaging } from '../http/paging.ts';
import type { ReplicationEngine } from '../replication/engine.ts';
import type { ExecutionRecord, TaskRecord } from '../state/model.ts';

const EXECUTION_STATUS: Record<string, string> = {
  Running: 'InProgress',
  Success: 'Succeed',
  Stopped: 'Stopped',
  Error: 'Failed',
};
const EXECUTION_FILTER: Record<string, string[]> = {
  InProgress: ['Running'],
  Succeed: ['Success'],
  Stopped: ['Stopped'],
  Failed: ['Error'],
};
const TRIGGER_NAME: Record<string, string> = {
  MANUAL: 'manual',
  SCHEDULE: 'scheduled',
  EVENT: 'event_based',
};
const TRIGGER_FILTER: Record<string, string> = {
  manual: 'MANUAL',
  scheduled: 'SCHEDULE',
  event_based: 'EVENT',
};
const TASK_STATUS: Record<string, string> = {
  Scheduled: 'InProgress',
  Running: 'InProgress',
  Success: 'Succeed',
  Error: 'Failed',
};
const TASK_FILTER: Record<string, string[]> = {
  InProgress: ['Scheduled', 'Running'],
  Succeed: ['Success'],
  Failed: ['Error'],
};

export function executionModel(e: ExecutionRecord): Record<string, unknown> {
  const count = (...statuses: string[]): number => e.tasks.filter((t) => statuses.includes(t.status)).length;
  return {
    end_time: e.status === 'Running' ? time(undefined) : time(e.endTime),
    failed: count('Error'),
    id: e.id,
    in_progress: count('Pending', 'Scheduled', 'Running'),
    policy_id: e.policyId,
    start_time: time(e.startTime),
    status: EXECUTION_STATUS[e.status],
    status_text: e.statusText,
    stopped: count('Stopped'),
    succeed: count('Success'),
    total: e.tasks.length,
    trigger: TRIGGER_NAME[e.trigger],
  };
}

function taskModel(t: TaskRecord): Record<string, unknown> {
  return {
    dst_resource: t.dstResource,
    end_time: t.endTime ? time(t.endTime) : undefined,
    execution_id: t.executionId,
    id: t.id,
    job_id: t.jobId,
    operation: t.operation,
    resource_type: t.resourceType,
    src_resource: t.srcResource,
    start_time: time(t.startTime),
    status: TASK_STATUS[t.status] ?? t.status,
  };
}

function sortBy<T>(
  items: T[],
  sort: string | undefined,
  fields: Record<string, (item: T) => number | string>,
  fallback: string,
): T[] {
  const keys = (sort || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const key of keys) {
    const name = key.replace(/^-/, '');
    if (!fields[name]) throw badRequest(`the sorting field ${name} isn't supported`);
  }
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const desc = key.startsWith('-');
      const get = fields[key.replace(/^-/, '')]!;
      const x = get(a);
      const y = get(b);
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

export function executionRoutes(app: FastifyInstance, ctx: SimContext, engine: ReplicationEngine): void {
  const { store } = ctx;

  app.post('/api/v2.0/replication/executions', (request, reply) => {
    const body = objectBody(request);
    requireSystemAccess(request.principal, 'replication', 'create');
    const policyId = field<number>(body, 'policy_id', 'number') ?? 0;
    const policy = store.policies.get(policyId);
    if (!policy) throw notFound(`replication policy ${policyId} not found`);
    if (!policy.enabled) throw precondition(`the policy ${policyId} is disabled`);
    const trigger = queryString(request, 'trigger') === 'scheduled' ? 'SCHEDULE' : 'MANUAL';
    const execution = engine.start(policy, trigger);
    return sendCreated(reply, `/api/v2.0/replication/executions/${execution.id}`);
  });

  app.get('/api/v2.0/replication/executions', (request, reply) => {
    const paging = parsePaging(request);
    requireSystemAccess(request.principal, 'replication', 'list');
    const policyId = queryInt(request, 'policy_id');
    const status = queryString(request, 'status');
    const trigger = queryString(request, 'trigger');
    const statuses = status ? (EXECUTION_FILTER[status] ?? [status]) : undefined;
    const triggerValue = trigger ? (TRIGGER_FILTER[trigger] ?? trigger) : undefined;
    const executions = [...store.executions.values()].filter(
      (e) =>
        (policyId === undefined || e.policyId === policyId) &&
        (!statuses || statuses.includes(e.status)) &&
        (!triggerValue || e.trigger === triggerValue),
    );
    const sorted = sortBy(
      executions,
      queryString(request, 'sort'),
      {
        start_time: (e) => e.startTime.getTime(),
        end_time: (e) => e.endTime?.getTime() ?? 0,
        id: (e) => e.id,
        status: (e) => e.status,
      },
      '-start_time,-id',
    );
    return sendJson(reply, 200, pageOf(request, reply, sorted, paging).map(executionModel));
  });

  const load = (raw: string): ExecutionRecord => {
    const id = pathInt(raw, 'id');
    const execution = store.executions.get(id);
    if (!execution) throw notFound(`replication execution ${id} not found`);
    return execution;
  };

  app.get<{ Params: { id: string } }>('/api/v2.0/replication/executions/:id', (request, reply) => {
    requireSystemAccess(request.principal, 'replication', 'read');
    return sendJson(reply, 200, executionModel(load(request.params.id)));
  });

  app.put<{ Params: { id: string } }>('/api/v2.0/replication/executions/:id', (request, reply) => {
    requireSystemAccess(request.principal, 'replication', 'create');
    engine.stop(load(request.params.id));
    // The handler returns no responder: go-openapi encodes nil as the JSON body `null`.
    return reply.code(200).header('content-type', 'application/json').send('null\n');
  });

  app.get<{ Params: { id: string } }>('/api/v2.0/replication/executions/:id/tasks', (request, reply) => {
    const paging = parsePaging(request);
    requireSystemAccess(request.principal, 'replication', 'read');
    const execution = load(request.params.id);
    const status = queryString(request, 'status');
    const statuses = status ? (TASK_FILTER[status] ?? [status]) : undefined;
    const resourceType = queryString(request, 'resource_type');
    const tasks = execution.tasks.filter(
      (t) => (!statuses || statuses.includes(t.status)) && (!resourceType || t.resourceType === resourceType),
    );
    const sorted = sortBy(
      tasks,
      queryString(request, 'sort'),
      {
        start_time: (t) => t.startTime.getTime(),
        end_time: (t) => t.endTime?.getTime() ?? 0,
        id: (t) => t.id,
        status: (t) => t.status,
      },
      '-start_time,-id',
    );
    return sendJson(reply, 200, pageOf(request, reply, sorted, paging).map(taskModel));
  });

  app.get<{ Params: { id: string; taskId: string } }>(
    '/api/v2.0/replication/executions/:id/tasks/:taskId/log',
    (request, reply) => {
      requireSystemAccess(request.principal, 'replication', 'read');
      const execution = load(request.params.id);
      const taskId = pathInt(request.params.taskId, 'task_id');
      const task = execution.tasks.find((t) => t.id === taskId);
      if (!task) throw notFound(`execution ${execution.id} contains no task with ID ${taskId}`);
      return reply
        .code(200)
        .header('content-type', 'text/plain')
        .send(task.log.map((l) => `${l}\n`).join(''));
    },
  );
}
