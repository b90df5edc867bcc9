import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HarborError } from '../../src/client/harbor-error.ts';
import { on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('job service monitor', () => {
  it('queues() reads GET /jobservice/queues; an empty queue has no count or latency', async () => {
    const queues = [
      { job_type: 'GARBAGE_COLLECTION', paused: false },
      { count: 3, job_type: 'REPLICATION', latency: 90, paused: true },
    ];
    const seen = on('get', '/api/v2.0/jobservice/queues', () => HttpResponse.json(queues));
    const result = await testClient().jobService.queues();
    expect(result).toEqual(queues);
    expect(result.find((q) => q.job_type === 'REPLICATION')?.count).toBe(3);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/v2.0/jobservice/queues' });
  });

  it('queueAction() sends PUT /jobservice/queues/{type} with {action}', async () => {
    const seen = on(
      'put',
      '/api/v2.0/jobservice/queues/:type',
      () => new HttpResponse(null, { status: 200 }),
    );
    await testClient().jobService.queueAction('REPLICATION', 'stop');
    await testClient().jobService.queueAction('all', 'resume');
    expect(seen.map((r) => [r.path, r.body])).toEqual([
      ['/api/v2.0/jobservice/queues/REPLICATION', { action: 'stop' }],
      ['/api/v2.0/jobservice/queues/all', { action: 'resume' }],
    ]);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('stopJob() sends PUT /jobservice/jobs/{job_id} without a body', async () => {
    const seen = on('put', '/api/v2.0/jobservice/jobs/:id', () => new HttpResponse(null, { status: 200 }));
    await testClient().jobService.stopJob('5f1b2c3d4e5f60718293a4b5');
    expect(seen[0]).toMatchObject({ path: '/api/v2.0/jobservice/jobs/5f1b2c3d4e5f60718293a4b5', text: '' });
  });

  it("queueAction() by a read-only watch robot fails with Harbor's 403 naming the robot", async () => {
    on('put', '/api/v2.0/jobservice/queues/:type', () =>
      HttpResponse.json(
        { errors: [{ code: 'FORBIDDEN', message: 'robot$replication-watch-a1' }] },
        { status: 403 },
      ),
    );
    const error = await testClient()
      .jobService.queueAction('REPLICATION', 'pause')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarborError);
    expect((error as HarborError).status).toBe(403);
    expect((error as HarborError).harborMessage).toBe('robot$replication-watch-a1');
  });

  it('pools() and workers() read the pools and the workers of "all" pools by default', async () => {
    on('get', '/api/v2.0/jobservice/pools', () =>
      HttpResponse.json([{ concurrency: 10, pid: 7, worker_pool_id: 'abc' }]),
    );
    const seen = on('get', '/api/v2.0/jobservice/pools/:pool/workers', () =>
      HttpResponse.json([{ id: 'w1', pool_id: 'abc' }]),
    );
    expect(await testClient().jobService.pools()).toEqual([
      { concurrency: 10, pid: 7, worker_pool_id: 'abc' },
    ]);
    expect(await testClient().jobService.workers()).toEqual([{ id: 'w1', pool_id: 'abc' }]);
    await testClient().jobService.workers('a b');
    expect(seen.map((r) => r.rawPath)).toEqual([
      '/api/v2.0/jobservice/pools/all/workers',
      '/api/v2.0/jobservice/pools/a%20b/workers',
    ]);
  });
});
