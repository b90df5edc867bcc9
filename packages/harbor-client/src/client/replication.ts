// Replication policies and their executions, tasks and task logs.
import type {
  HarborReplicationExecution,
  HarborReplicationPolicy,
  HarborReplicationTask,
  HarborStartReplicationExecution,
} from '../types.ts';
import { normalizeExecution, normalizePolicy, normalizeTask } from './normalize.ts';
import { collectionItems } from './collection.ts';
import type { Page, PageQuery } from './pagination.ts';
import { pageParams } from './pagination.ts';
import type { Query } from './paths.ts';
import { API, seg } from './paths.ts';
import { readCreatedId, readObject, readPage } from './read-response.ts';
import type { Transport } from './transport.ts';

export type PolicyListQuery = PageQuery & { name?: string };
export type ExecutionListQuery = PageQuery & {
  policyId?: number;
  status?: string;
  trigger?: string;
  sort?: string;
};
export type TaskListQuery = PageQuery & { status?: string };

export function createPoliciesApi(t: Transport) {
  // update is a full replace: send the whole policy, omitted booleans become false.
  const items = collectionItems<HarborReplicationPolicy, HarborReplicationPolicy, HarborReplicationPolicy>(
    t,
    'policies',
    `${API}/replication/policies`,
    normalizePolicy,
  );
  return {
    ...items,
    async list(q?: PolicyListQuery): Promise<Page<HarborReplicationPolicy>> {
      const query: Query<'listReplicationPolicies'> = { ...pageParams(q), name: q?.name };
      const res = await t.send({
        operation: 'policies.list',
        method: 'GET',
        path: `${API}/replication/policies`,
        query,
      });
      return readPage<HarborReplicationPolicy>('policies.list', res, normalizePolicy);
    },
  };
}

export function createExecutionsApi(t: Transport) {
  const one = (id: number) => `${API}/replication/executions/${seg(id)}`;
  return {
    async start(policyId: number): Promise<{ id: number }> {
      const body: HarborStartReplicationExecution = { policy_id: policyId };
      const res = await t.send({
        operation: 'executions.start',
        method: 'POST',
        path: `${API}/replication/executions`,
        body,
      });
      return readCreatedId('executions.start', res);
    },

    async list(q?: ExecutionListQuery): Promise<Page<HarborReplicationExecution>> {
      const query: Query<'listReplicationExecutions'> = {
        ...pageParams(q),
        policy_id: q?.policyId,
        status: q?.status,
        trigger: q?.trigger,
        sort: q?.sort,
      };
      const res = await t.send({
        operation: 'executions.list',
        method: 'GET',
        path: `${API}/replication/executions`,
        query,
      });
      return readPage<HarborReplicationExecution>('executions.list', res, normalizeExecution);
    },

    async get(id: number): Promise<HarborReplicationExecution> {
      const res = await t.send({ operation: 'executions.get', method: 'GET', path: one(id) });
      return normalizeExecution(readObject<HarborReplicationExecution>('executions.get', res));
    },

    // Harbor answers 200 with the JSON body `null`; there is nothing else to return.
    async stop(id: number): Promise<null> {
      await t.send({ operation: 'executions.stop', method: 'PUT', path: one(id) });
      return null;
    },

    async tasks(id: number, q?: TaskListQuery): Promise<Page<HarborReplicationTask>> {
      const query: Query<'listReplicationTasks'> = { ...pageParams(q), status: q?.status };
      const res = await t.send({
        operation: 'executions.tasks',
        method: 'GET',
        path: `${one(id)}/tasks`,
        query,
      });
      return readPage<HarborReplicationTask>('executions.tasks', res, normalizeTask);
    },

    /** The raw jobservice log (text/plain). */
    async taskLog(id: number, taskId: number): Promise<string> {
      const res = await t.send({
        operation: 'executions.taskLog',
        method: 'GET',
        path: `${one(id)}/tasks/${seg(taskId)}/log`,
        headers: { accept: 'text/plain' },
      });
      return res.body;
    },
  };
}
