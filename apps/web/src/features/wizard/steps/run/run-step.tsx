// Step 10: "Replicate now", the executions of the rule with live progress while running (server-sent
// events from the server's one poll of the execution, until Harbor reports a final status), tasks
// with inline logs, stop, re-run, a chart of recent executions, and the verification on the target.
import { Alert, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { StepFooter, StepLayout } from '@/components/step-layout.tsx';
import { useCompleteSetup } from '@/features/wizard/api/complete-setup.ts';
import { useGoBack, sideLabel, useWizard } from '@/features/wizard/components/wizard-context.tsx';
import {
  EXECUTIONS_PAGE_SIZE,
  useExecution,
  useExecutions,
  useStartExecution,
} from '@/features/wizard/steps/run/api/executions.ts';
import type { ExecutionFilter } from '@/features/wizard/steps/run/api/executions.ts';
import { useExecutionEvents } from '@/features/wizard/steps/run/api/execution-events.ts';
import { useRunSize } from '@/features/wizard/steps/run/api/run-size.ts';
import { useVerification } from '@/features/wizard/steps/run/api/verification.ts';
import { ExecutionProgress } from '@/features/wizard/steps/run/components/execution-progress.tsx';
import { ExecutionsTable } from '@/features/wizard/steps/run/components/executions-table.tsx';
import { TasksTable } from '@/features/wizard/steps/run/components/tasks-table.tsx';
import { VerificationPanel } from '@/features/wizard/steps/run/components/verification-panel.tsx';
import { statusWord, triggerWord } from '@/features/wizard/utils/harbor-words.ts';
import { nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

const RecentExecutionsChart = lazy(() =>
  import('@/features/wizard/steps/run/components/executions-chart.tsx').then((m) => ({
    default: m.RecentExecutionsChart,
  })),
);

export function RunStep() {
  const { setup, completeStep } = useWizard();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<ExecutionFilter>({});
  const [selected, setSelected] = useState<number | null>(setup.lastExecutionId);
  const start = useStartExecution(setup.id);
  const executions = useExecutions(setup.id, page, filter);
  // The newest execution, whatever the filter shows.
  const latest = useExecutions(setup.id, 1);
  const selectedId = selected ?? latest.data?.items[0]?.id ?? null;
  const execution = useExecution(setup.id, selectedId);
  const current = execution.data;
  const running = current ? !current.final : false;
  const live = useExecutionEvents(setup.id, current?.id ?? null, running);
  const goBack = useGoBack();
  const verified = setup.completedSteps.includes('run');
  const succeeded = current?.final === true && current.status === 'Succeed';
  // Shares the verification panel's query (same key): no second request.
  const verification = useVerification(setup.id, current?.id ?? 0, succeeded);
  const size = useRunSize(setup, !verified);
  const [confirming, setConfirming] = useState(false);
  const finish = useCompleteSetup(setup.id);
  const replicate = () => {
    setConfirming(false);
    start.mutate(undefined, { onSuccess: (e) => setSelected(e.id) });
  };

  const blockedReason = nextBlockedReason([
    // Once the run step is done, revisiting it never blocks.
    [verified, null],
    [!current, 'Replicate now and let the execution finish.'],
    [running, 'The execution is still running.'],
    [
      current?.status !== 'Succeed',
      'The last execution did not succeed: check the tasks and logs, then replicate again.',
    ],
    [
      verification.data && !verification.data.ok,
      'Some repositories or tags are missing on the target: see the verification, then replicate again.',
    ],
    [verification.isError, 'The verification on the target failed: retry it.'],
    // The server marks the step done once the verification passed.
    [true, 'Waiting for the verification on the target.'],
  ]);

  return (
    <StepLayout
      title="Run and watch"
      side={sideLabel(setup, 'run')}
      description={`Start the rule “${setup.policy?.name ?? ''}” now and watch it. Scheduled and event-based rules also run by themselves; their executions show here too.`}
      busy={start.isPending ? 'Starting the replication…' : null}
    >
      <Group>
        <Button
          size="md"
          loading={start.isPending}
          disabled={running || confirming}
          onClick={() => (size.data?.large ? setConfirming(true) : replicate())}
        >
          Replicate now
        </Button>
        {running && (
          <Text size="sm">An execution is running; you can start another once it has finished.</Text>
        )}
        {!running && size.data && (
          <Text size="sm" c="dimmed">
            The dry run matches {size.data.tags} tags in {size.data.repositories} repositories.
          </Text>
        )}
      </Group>
      {confirming && size.data && (
        <Alert
          role="alertdialog"
          color="orange"
          variant="light"
          title={`This copies ${size.data.tags} tags of ${size.data.repositories} repositories now — continue?`}
        >
          <Stack gap="xs">
            <Text size="sm">
              A full copy loads both Harbors and the network. If it should not run during the day, let the
              rule&apos;s own trigger run it and finish without running now.
            </Text>
            <Group>
              <Button color="orange" onClick={replicate}>
                Replicate {size.data.tags} tags now
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ErrorCallout error={start.error} title="Could not start the replication" />

      {current && (
        <Card withBorder>
          <Stack gap="md">
            <ExecutionProgress setupId={setup.id} execution={current} />
            <Title order={3} size="h5">
              Tasks
            </Title>
            <TasksTable
              key={current.id}
              setupId={setup.id}
              executionId={current.id}
              running={running}
              live={live.live}
            />
            <ErrorCallout error={live.failure} title="Harbor did not answer; the server keeps trying" />
          </Stack>
        </Card>
      )}
      {execution.isError && (
        <ErrorCallout
          error={execution.error}
          title="Could not load the execution"
          onRetry={() => void execution.refetch()}
        />
      )}
      {current?.final && current.status === 'Succeed' && (
        <VerificationPanel key={current.id} setupId={setup.id} executionId={current.id} />
      )}

      <Stack gap="xs">
        <Title order={3} size="h4">
          Executions
        </Title>
        <Group align="flex-end">
          <NativeSelect
            label="Filter by status"
            data={[
              { value: '', label: 'All' },
              ...(['InProgress', 'Succeed', 'Failed', 'Stopped'] as const).map((value) => ({
                value,
                label: statusWord(value),
              })),
            ]}
            value={filter.status ?? ''}
            onChange={(event) => {
              const v = event.currentTarget.value;
              setPage(1);
              setFilter({
                ...filter,
                status:
                  v === 'InProgress' || v === 'Succeed' || v === 'Failed' || v === 'Stopped' ? v : undefined,
              });
            }}
          />
          <NativeSelect
            label="Filter by trigger"
            data={[
              { value: '', label: 'All' },
              ...(['manual', 'scheduled', 'event_based'] as const).map((value) => ({
                value,
                label: triggerWord(value),
              })),
            ]}
            value={filter.trigger ?? ''}
            onChange={(event) => {
              const v = event.currentTarget.value;
              setPage(1);
              setFilter({
                ...filter,
                trigger: v === 'manual' || v === 'scheduled' || v === 'event_based' ? v : undefined,
              });
            }}
          />
        </Group>
        {executions.isPending && <PageLoader label="Loading the executions…" />}
        {executions.isError && (
          <ErrorCallout
            error={executions.error}
            title="Could not load the executions"
            onRetry={() => void executions.refetch()}
          />
        )}
        {executions.data && (
          <>
            <ExecutionsTable
              executions={executions.data.items}
              total={executions.data.total}
              page={page}
              pageSize={EXECUTIONS_PAGE_SIZE}
              onPage={setPage}
              selectedId={selectedId}
              onSelect={setSelected}
            />
          </>
        )}
        {(latest.data?.total ?? 0) > 1 && (
          <Suspense fallback={<PageLoader label="Loading the chart…" />}>
            <RecentExecutionsChart setupId={setup.id} />
          </Suspense>
        )}
      </Stack>
      <ErrorCallout error={finish.error} title="Could not finish the setup" />
      <StepFooter
        blockedReason={blockedReason}
        onBack={goBack}
        onClick={() => void completeStep(setup)}
        extra={
          !verified && (
            <Button
              variant="default"
              loading={finish.isPending}
              disabled={running}
              onClick={() => finish.mutate(true, { onSuccess: (state) => void completeStep(state) })}
            >
              Finish without running now
            </Button>
          )
        }
      />
    </StepLayout>
  );
}
