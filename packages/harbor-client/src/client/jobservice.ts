// The job service monitor (Harbor 2.8+): queues with their pending count, latency and pause state,
// queue actions, worker pools and workers. Listing needs `jobservice-monitor:list`, actions
// `jobservice-monitor:stop` (a system admin, or a system robot holding them, 2.10+).
import type { components } from '../generated/harbor.d.ts';
import { API, seg } from './paths.ts';
import { readArray } from './read-response.ts';
import type { Transport } from './transport.ts';

type Schemas = components['schemas'];
export type HarborJobQueue = Schemas['JobQueue'];
export type HarborWorkerPool = Schemas['WorkerPool'];
export type HarborWorker = Schemas['Worker'];
export type HarborQueueAction = NonNullable<Schemas['ActionRequest']['action']>;

/** The job type of replication tasks in the job service. */
export const REPLICATION_JOB_TYPE = 'REPLICATION';

export function createJobServiceApi(t: Transport) {
  return {
    /** Every known job type; an empty queue omits `count` and `latency` (go-swagger omitempty). */
    async queues(): Promise<HarborJobQueue[]> {
      const res = await t.send({
        operation: 'jobService.queues',
        method: 'GET',
        path: `${API}/jobservice/queues`,
      });
      return readArray<HarborJobQueue>('jobService.queues', res);
    },

    /**
     * `stop` removes the queue's pending jobs and marks their tasks Stopped; `pause` keeps jobs in
     * the queue (running ones go on); `resume` lets them run. `jobType` "all" acts on every type.
     */
    async queueAction(jobType: string, action: HarborQueueAction): Promise<void> {
      const body: Schemas['ActionRequest'] = { action };
      await t.send({
        operation: 'jobService.queueAction',
        method: 'PUT',
        path: `${API}/jobservice/queues/${seg(jobType)}`,
        body,
      });
    },

    /** Stops one job by its job ID (a task's `job_id`), or every running job with "all". */
    async stopJob(jobId: string): Promise<void> {
      await t.send({
        operation: 'jobService.stopJob',
        method: 'PUT',
        path: `${API}/jobservice/jobs/${seg(jobId)}`,
      });
    },

    async pools(): Promise<HarborWorkerPool[]> {
      const res = await t.send({
        operation: 'jobService.pools',
        method: 'GET',
        path: `${API}/jobservice/pools`,
      });
      return readArray<HarborWorkerPool>('jobService.pools', res);
    },

    /** Workers of one pool, or of every pool with "all"; idle ones carry only `id` and `pool_id`. */
    async workers(poolId = 'all'): Promise<HarborWorker[]> {
      const res = await t.send({
        operation: 'jobService.workers',
        method: 'GET',
        path: `${API}/jobservice/pools/${seg(poolId)}/workers`,
      });
      return readArray<HarborWorker>('jobService.workers', res);
    },
  };
}
