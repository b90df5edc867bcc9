// Unstick a run: stop the execution; when it stays InProgress, the job service's REPLICATION queue
// (stop its pending jobs, or resume it when paused: system admin only); when that does not help
// either, what is left to do by hand.
import type { HarborClient } from '@hw/harbor-client';
import {
  isAtLeast,
  isFinalExecutionStatus,
  parseHarborVersion,
  REPLICATION_JOB_TYPE,
} from '@hw/harbor-client';
import type { RepairOptions } from '@hw/wizard-api';

import type { WatchRecord } from '../storage/watch-store.ts';
import { plannedStep } from './repair-state.ts';
import type { FlowDef, StepContext, StepOutcome } from './repair-steps.ts';
import { sleep } from './repair-steps.ts';

type Unstick = Extract<RepairOptions, { kind: 'unstick' }>;

const RUNBOOK = [
  'Restart the job service (Docker Compose: `docker compose restart jobservice`; Helm: `kubectl rollout restart deployment/<release>-harbor-jobservice`). Jobs it was running are dropped by the restart.',
  'Then stop the execution again from this page: a stop sent while the job service is down never reaches the job.',
  'If it still shows InProgress, its tasks are waiting for a status the job service will not send any more; the reports in goharbor/harbor ("replication stuck InProgress") end with a job service restart or an upgrade, as no API call finishes an execution.',
  'Until it is final, Harbor refuses to delete the rule (and so its endpoint): see the note above.',
];

const NOTES = [
  'Harbor refuses to delete a rule while one of its executions is not final ("contains executions that aren\'t in final status, stop the execution first", DeleteReplicationPolicy in src/controller/replication/controller.go), and an endpoint while a rule uses it ("the registry … is referenced by replication policies, cannot delete it"): a stuck run blocks deleting both until it is stopped.',
];

const executionId = (sc: StepContext) =>
  sc.flow.state.steps.find((s) => s.id === 'find-execution')?.data.executionId as number;

const queueChoice = (sc: StepContext) =>
  sc.flow.state.steps.find((s) => s.id === 'queue')?.data.action as string | undefined;

async function ruleClient(sc: StepContext): Promise<HarborClient> {
  return sc.client(sc.watch.config.rule.side);
}

/** Reads the execution until it is final or the wait is over. */
async function waitFinal(sc: StepContext): Promise<string | null> {
  const client = await ruleClient(sc);
  const until = Date.now() + sc.timing.waitMs;
  for (;;) {
    const execution = await client.executions.get(executionId(sc));
    if (isFinalExecutionStatus(execution.status)) return execution.status ?? 'Stopped';
    if (Date.now() >= until) return null;
    await sleep(sc.timing.pollIntervalMs);
  }
}

const ended = (status: string): StepOutcome => ({
  status: 'end',
  detail: `The execution is ${status} now.`,
  rest: 'Not needed: the execution has ended.',
});

const hasMonitor = (watch: WatchRecord) => {
  const version = parseHarborVersion(watch.config.harbors[watch.config.rule.side].version ?? '');
  return version === null || isAtLeast(version, 2, 8);
};

export const unstickFlow: FlowDef<Unstick> = {
  summary: (watch) =>
    `Stop the unfinished run of rule "${watch.config.rule.name}" on the ${watch.config.rule.side} Harbor.`,
  notes: () => NOTES,
  plan(watch, options) {
    const side = watch.config.rule.side;
    return [
      plannedStep(
        'find-execution',
        options.executionId !== undefined
          ? `Read execution ${options.executionId} of rule "${watch.config.rule.name}"`
          : `Find the unfinished execution of rule "${watch.config.rule.name}"`,
        side,
        false,
      ),
      plannedStep('stop-execution', 'Ask Harbor to stop the execution', side, true),
      plannedStep('wait-stopped', 'Wait for the execution to stop', side, false),
      plannedStep(
        'queue',
        "If it stays InProgress: read the job service's REPLICATION queue (pending jobs, latency, paused)",
        side,
        false,
      ),
      plannedStep(
        'queue-action',
        'Stop the pending replication jobs, or resume the paused queue (your choice)',
        side,
        true,
      ),
      plannedStep('wait-again', 'Wait for the execution to stop', side, false),
      plannedStep('runbook', 'What is left to do by hand', null, false),
    ];
  },
  steps: {
    'find-execution': {
      async run(sc) {
        const { rule } = sc.watch.config;
        const client = await ruleClient(sc);
        const wanted = (sc.flow.state.options as Unstick).executionId;
        const execution =
          wanted !== undefined
            ? await client.executions.get(wanted)
            : (
                await client.executions.list({
                  policyId: rule.policyId,
                  status: 'InProgress',
                  page: 1,
                  pageSize: 1,
                })
              ).items[0];
        if (!execution?.id || execution.policy_id !== rule.policyId) {
          return {
            status: 'end',
            detail: `Rule "${rule.name}" has no unfinished execution${wanted !== undefined ? ` ${wanted}` : ''}.`,
            rest: 'Nothing to stop.',
          };
        }
        sc.step.data.executionId = execution.id;
        if (isFinalExecutionStatus(execution.status)) return ended(execution.status ?? '');
        return {
          status: 'done',
          detail: `Execution ${execution.id}, started ${execution.start_time ?? '?'}.`,
        };
      },
      next: () => 'Nothing was changed. Continue to try again.',
    },
    'stop-execution': {
      async run(sc) {
        await (await ruleClient(sc)).executions.stop(executionId(sc));
        return { status: 'done', detail: 'Harbor accepted the stop.' };
      },
      next: () => 'The execution may still be running. Continue to ask again (a repeated stop is harmless).',
    },
    'wait-stopped': {
      async run(sc) {
        const status = await waitFinal(sc);
        if (status) return ended(status);
        return {
          status: 'done',
          detail: `Still InProgress ${Math.round(sc.timing.waitMs / 1000)} s after the stop: the job service did not report the stop back.`,
        };
      },
      next: () => 'Continue to read the execution again.',
    },
    queue: {
      async run(sc) {
        if (!hasMonitor(sc.watch)) {
          sc.step.data.action = 'give-up';
          return { status: 'skipped', detail: 'This Harbor has no job service monitor (Harbor 2.8+).' };
        }
        if (sc.choice === 'stop-pending' || sc.choice === 'resume' || sc.choice === 'give-up') {
          sc.step.data.action = sc.choice;
          return { status: 'done', detail: `Chosen: ${sc.choice}.` };
        }
        const queues = await (await ruleClient(sc)).jobService.queues();
        const queue = queues.find((q) => q.job_type === REPLICATION_JOB_TYPE);
        const state = {
          count: queue?.count ?? 0,
          latencySeconds: queue?.latency ?? 0,
          paused: queue?.paused === true,
        };
        sc.flow.state.queue = state;
        return {
          status: 'waiting',
          choice: {
            id: 'queue-action',
            question: `The REPLICATION queue holds ${state.count} pending job(s), the oldest waiting ${state.latencySeconds} s${state.paused ? '; the queue is PAUSED' : ''}. These actions need a system admin.`,
            options: [
              {
                value: 'stop-pending',
                label: 'Stop the pending replication jobs',
                consequence:
                  'Every pending replication job on this Harbor is dropped, of every rule, not only this one: their tasks end Stopped and those runs must be started again. Jobs already running go on.',
              },
              ...(state.paused
                ? [
                    {
                      value: 'resume' as const,
                      label: 'Resume the paused queue',
                      consequence:
                        'Every replication job waiting in the queue starts, of every rule (someone paused it: ask why first); this run then goes on instead of stopping.',
                    },
                  ]
                : []),
              {
                value: 'give-up',
                label: 'Change nothing',
                consequence: 'The execution stays InProgress; the steps to take by hand are listed.',
              },
            ],
          },
        };
      },
      next: (watch) =>
        `Nothing was changed. Reading the queue needs a system admin of the ${watch.config.rule.side} Harbor: continue to try again.`,
    },
    'queue-action': {
      async run(sc) {
        const action = queueChoice(sc);
        if (action !== 'stop-pending' && action !== 'resume')
          return { status: 'skipped', detail: 'Nothing changed in the queue.' };
        await (
          await ruleClient(sc)
        ).jobService.queueAction(REPLICATION_JOB_TYPE, action === 'stop-pending' ? 'stop' : 'resume');
        return {
          status: 'done',
          detail:
            action === 'stop-pending'
              ? 'The pending replication jobs were stopped.'
              : 'The queue runs again.',
        };
      },
      next: (watch) =>
        `The queue is as it was. Queue actions need a system admin (jobservice-monitor:stop) of the ${watch.config.rule.side} Harbor: log in as one, then continue.`,
    },
    'wait-again': {
      async run(sc) {
        const action = queueChoice(sc);
        if (action !== 'stop-pending' && action !== 'resume')
          return { status: 'skipped', detail: 'Nothing was changed to wait for.' };
        const status = await waitFinal(sc);
        if (status) return ended(status);
        return { status: 'done', detail: 'Still InProgress.' };
      },
      next: () => 'Continue to read the execution again.',
    },
    runbook: {
      async run(sc) {
        const now = await (await ruleClient(sc)).executions.get(executionId(sc));
        if (isFinalExecutionStatus(now.status))
          return { status: 'done', detail: `The execution is ${now.status ?? ''} now.` };
        sc.flow.state.runbook = RUNBOOK;
        return {
          status: 'failed',
          harborMessage: null,
          detail: `Execution ${executionId(sc)} is still InProgress.`,
          next: 'Follow the steps listed under "What is left", then continue to check the execution again.',
        };
      },
      next: () => 'Continue to check again.',
    },
  },
};
