import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborReplicationPolicy } from '../../src/types.ts';
import { on, testClient, useMswServer } from './helpers.ts';

useMswServer();

const policy: HarborReplicationPolicy = {
  name: 'a-to-b',
  src_registry: { id: 0 },
  dest_registry: { id: 3 },
  dest_namespace: 'dst',
  dest_namespace_replace_count: 1,
  filters: [{ type: 'name', value: 'src/**' }],
  trigger: { type: 'manual' },
  enabled: true,
  override: true,
  deletion: false,
  speed: 0,
};

describe('replication policies', () => {
  it('create() posts the policy and returns the id from Location', async () => {
    const seen = on(
      'post',
      '/api/v2.0/replication/policies',
      () =>
        new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/replication/policies/5' } }),
    );
    await expect(testClient().policies.create(policy)).resolves.toEqual({ id: 5 });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v2.0/replication/policies', body: policy });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('get() turns omitted false booleans and a null filter list into explicit values', async () => {
    // What Harbor sends for a disabled policy without filters: no enabled/override/deletion keys.
    on('get', '/api/v2.0/replication/policies/:id', () =>
      HttpResponse.json({ id: 5, name: 'a-to-b', filters: null, speed: 0, copy_by_chunk: false }),
    );
    const got = await testClient().policies.get(5);
    expect(got).toMatchObject({ id: 5, enabled: false, override: false, deletion: false, filters: [] });
  });

  it('list() passes name and normalises each item', async () => {
    const seen = on('get', '/api/v2.0/replication/policies', () =>
      HttpResponse.json([{ id: 5, name: 'a-to-b', enabled: true }], { headers: { 'X-Total-Count': '1' } }),
    );
    const page = await testClient().policies.list({ name: 'a-to', page: 1, pageSize: 5 });
    expect(page.items[0]).toMatchObject({ enabled: true, override: false, filters: [] });
    expect(seen[0]!.query).toEqual({ name: 'a-to', page: '1', page_size: '5' });
  });

  it('update() PUTs the whole policy; delete() DELETEs it', async () => {
    const put = on(
      'put',
      '/api/v2.0/replication/policies/:id',
      () => new HttpResponse(null, { status: 200 }),
    );
    const del = on(
      'delete',
      '/api/v2.0/replication/policies/:id',
      () => new HttpResponse(null, { status: 200 }),
    );
    const client = testClient();
    await client.policies.update(5, { ...policy, enabled: false });
    await client.policies.delete(5);
    expect(put[0]).toMatchObject({
      method: 'PUT',
      path: '/api/v2.0/replication/policies/5',
      body: { ...policy, enabled: false },
    });
    expect(del[0]).toMatchObject({ method: 'DELETE', path: '/api/v2.0/replication/policies/5' });
  });
});

describe('replication executions', () => {
  it('start() posts {policy_id} and reads the execution id from Location', async () => {
    const seen = on(
      'post',
      '/api/v2.0/replication/executions',
      () =>
        new HttpResponse(null, { status: 201, headers: { Location: '/api/v2.0/replication/executions/12' } }),
    );
    await expect(testClient().executions.start(3)).resolves.toEqual({ id: 12 });
    expect(seen[0]).toMatchObject({ method: 'POST', body: { policy_id: 3 } });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('list() maps policyId/status/trigger/sort', async () => {
    const seen = on('get', '/api/v2.0/replication/executions', () =>
      HttpResponse.json([], { headers: { 'X-Total-Count': '0' } }),
    );
    await testClient().executions.list({
      policyId: 3,
      status: 'InProgress',
      trigger: 'manual',
      sort: '-start_time',
      pageSize: 10,
    });
    expect(seen[0]!.query).toEqual({
      policy_id: '3',
      status: 'InProgress',
      trigger: 'manual',
      sort: '-start_time',
      page_size: '10',
    });
  });

  it('get() drops the zero end_time of a running execution', async () => {
    on('get', '/api/v2.0/replication/executions/:id', () =>
      HttpResponse.json({
        end_time: '0001-01-01T00:00:00.000Z',
        failed: 0,
        id: 12,
        in_progress: 2,
        policy_id: 3,
        start_time: '2026-11-26T10:00:00.000Z',
        status: 'InProgress',
        status_text: '',
        stopped: 0,
        succeed: 1,
        total: 3,
        trigger: 'manual',
      }),
    );
    const execution = await testClient().executions.get(12);
    expect(execution.end_time).toBeUndefined();
    expect(execution).toMatchObject({
      id: 12,
      status: 'InProgress',
      in_progress: 2,
      start_time: '2026-11-26T10:00:00.000Z',
    });
  });

  it('get() keeps a real end_time and fills omitted counters with 0', async () => {
    on('get', '/api/v2.0/replication/executions/:id', () =>
      HttpResponse.json({
        id: 12,
        end_time: '2026-11-26T10:05:00.000Z',
        status: 'Succeed',
        total: 1,
        succeed: 1,
      }),
    );
    const execution = await testClient().executions.get(12);
    expect(execution).toMatchObject({
      end_time: '2026-11-26T10:05:00.000Z',
      failed: 0,
      stopped: 0,
      in_progress: 0,
    });
  });

  it('stop() PUTs with no body and returns null (Harbor answers `null`)', async () => {
    const seen = on('put', '/api/v2.0/replication/executions/:id', () => HttpResponse.json(null));
    await expect(testClient().executions.stop(12)).resolves.toBeNull();
    expect(seen[0]).toMatchObject({ method: 'PUT', path: '/api/v2.0/replication/executions/12', text: '' });
    expect(seen[0]!.headers['content-type']).toBeUndefined();
  });

  it('tasks() lists with status and drops zero times', async () => {
    const seen = on('get', '/api/v2.0/replication/executions/:id/tasks', () =>
      HttpResponse.json(
        [
          {
            id: 40,
            execution_id: 12,
            status: 'Pending',
            start_time: '0001-01-01T00:00:00.000Z',
            end_time: '0001-01-01T00:00:00.000Z',
          },
        ],
        { headers: { 'X-Total-Count': '1' } },
      ),
    );
    const page = await testClient().executions.tasks(12, { status: 'Pending' });
    expect(page.items).toEqual([{ id: 40, execution_id: 12, status: 'Pending' }]);
    expect(seen[0]).toMatchObject({
      path: '/api/v2.0/replication/executions/12/tasks',
      query: { status: 'Pending' },
    });
  });

  it('taskLog() returns the text/plain log verbatim', async () => {
    const log = 'copying src/app:[v1](source registry) to dst/app:[v1](destination registry)...\n';
    const seen = on('get', '/api/v2.0/replication/executions/:id/tasks/:task/log', () =>
      HttpResponse.text(log),
    );
    await expect(testClient().executions.taskLog(12, 40)).resolves.toBe(log);
    expect(seen[0]!.path).toBe('/api/v2.0/replication/executions/12/tasks/40/log');
    expect(seen[0]!.headers.accept).toBe('text/plain');
  });
});
