import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { isAtLeast } from '../harbor-rules.ts';
import { requireSystemAccess } from '../http/auth.ts';
import { field, objectBody } from '../http/body.ts';
import { badRequest, SimHttpError } from '../http/errors.ts';
import { oe, sendJson, time } from '../http/json.ts';
import type { ReplicationEngine } from '../replication/engine.ts';

/** `covertTime` in `handler/jobservice.go`: the monitor keeps Unix seconds. */
const seconds = (date: Date): string => time(new Date(Math.floor(date.getTime() / 1000) * 1000));

/**
 * The job service monitor (`src/server/v2.0/handler/jobservice.go`, Harbor 2.8+): listing needs
 * `jobservice-monitor:list`, queue actions `jobservice-monitor:stop` in the system scope.
 */
export function jobServiceRoutes(app: FastifyInstance, ctx: SimContext, engine: ReplicationEngine): void {
  const { jobs } = engine;
  // Before 2.8 these paths do not exist: go-swagger's router answers 404.
  const requireMonitor = (path: string): void => {
    if (!isAtLeast(ctx.version, 2, 8))
      throw new SimHttpError('NOT_FOUND', `path /api/v2.0/jobservice/${path} was not found`);
  };

  // `ListJobQueues` → `monitorController.ListQueues`.
  app.get('/api/v2.0/jobservice/queues', (request, reply) => {
    requireMonitor('queues');
    requireSystemAccess(request.principal, 'jobservice-monitor', 'list');
    return sendJson(
      reply,
      200,
      jobs.queues().map((q) => ({
        count: oe(q.count),
        job_type: q.jobType,
        latency: oe(q.latency),
        paused: q.paused,
      })),
    );
  });

  // `ActionPendingJobs`: the job type is upper-cased, "all" means every known type; `stop` empties
  // the queue (an empty queue is fine), `pause` and `resume` set the queue status.
  app.put<{ Params: { jobType: string } }>('/api/v2.0/jobservice/queues/:jobType', (request, reply) => {
    requireMonitor(`queues/${request.params.jobType}`);
    const body = objectBody(request, false);
    requireSystemAccess(request.principal, 'jobservice-monitor', 'stop');
    const jobType = request.params.jobType.toUpperCase();
    const action = (field<string>(body, 'action', 'string') ?? '').toLowerCase();
    if (action !== 'stop' && action !== 'pause' && action !== 'resume')
      throw badRequest('the action is not supported');
    const types = jobType === 'ALL' ? jobs.jobTypes() : [jobType];
    for (const type of types) {
      if (action === 'stop') engine.stopPendingJobs(type);
      else if (action === 'pause') jobs.pause(type);
      else jobs.resume(type);
    }
    return reply.code(200).send();
  });

  // `StopRunningJob`: stops the job with this ID, or every running job with "all".
  app.put<{ Params: { jobId: string } }>('/api/v2.0/jobservice/jobs/:jobId', (request, reply) => {
    requireMonitor(`jobs/${request.params.jobId}`);
    requireSystemAccess(request.principal, 'jobservice-monitor', 'stop');
    engine.stopJob(request.params.jobId);
    return reply.code(200).send();
  });

  // `GetWorkerPools`: one pool with Harbor's default concurrency.
  app.get('/api/v2.0/jobservice/pools', (request, reply) => {
    requireMonitor('pools');
    requireSystemAccess(request.principal, 'jobservice-monitor', 'list');
    return sendJson(reply, 200, [
      {
        concurrency: jobs.workers().length,
        heartbeat_at: seconds(ctx.now()),
        pid: jobs.pid,
        start_at: seconds(jobs.startedAt),
        worker_pool_id: jobs.poolId,
      },
    ]);
  });

  // `GetWorkers` (`toWorkerResponse`): an idle worker shows only its ID and pool; "all" lists every pool.
  app.get<{ Params: { poolId: string } }>('/api/v2.0/jobservice/pools/:poolId/workers', (request, reply) => {
    requireMonitor(`pools/${request.params.poolId}/workers`);
    requireSystemAccess(request.principal, 'jobservice-monitor', 'list');
    const { poolId } = request.params;
    if (poolId !== 'all' && poolId !== jobs.poolId) return sendJson(reply, 200, []);
    return sendJson(
      reply,
      200,
      jobs.workers().map((w) =>
        w.task
          ? {
              checkin_at: seconds(w.task.startTime),
              id: w.id,
              job_id: w.task.jobId,
              job_name: 'REPLICATION',
              pool_id: jobs.poolId,
              start_at: seconds(w.task.startTime),
            }
          : { id: w.id, pool_id: jobs.poolId },
      ),
    );
  });
}
