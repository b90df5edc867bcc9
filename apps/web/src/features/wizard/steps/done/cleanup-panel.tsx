// Guided clean-up: a preview of what will happen to each object (delete, keep, or why Harbor would
// refuse), the choice to keep the project, then the true state of each object after the run.
import type { CleanupResult, SetupState } from '@hw/wizard-api';
import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { useCleanup } from '@/features/wizard/steps/done/api/finish.ts';
import { cleanupStatusWord, kindWord, setupStatusWord } from '@/features/wizard/utils/harbor-words.ts';
import { TableHead } from '@/components/table-head.tsx';

type StepStatus = CleanupResult['steps'][number]['status'];

const STATUS_COLORS: Record<StepStatus, string> = {
  'will-delete': 'orange',
  'will-keep': 'blue',
  'cannot-delete': 'red',
  deleted: 'green',
  'already-gone': 'gray',
  kept: 'blue',
  failed: 'red',
  skipped: 'yellow',
};

function ResultTable({ result, label }: { result: CleanupResult; label: string }) {
  return (
    <Table aria-label={label}>
      <TableHead columns={['Harbor', 'Object', result.dryRun ? 'Will happen' : 'State', 'Why']} />
      <Table.Tbody>
        {result.steps.map((s) => (
          <Table.Tr key={`${s.side}-${s.kind}-${s.id}`}>
            <Table.Td>{s.side}</Table.Td>
            <Table.Td>
              {kindWord(s.kind)} “{s.name}”
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLORS[s.status]} variant="light" tt="none">
                {cleanupStatusWord(s.status)}
              </Badge>
            </Table.Td>
            <Table.Td>{s.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The setup's state after its last clean-up run, as the server recorded it. */
function CleanupOutcome({ result }: { result: CleanupResult }) {
  // The same rule as the server's status: anything left on Harbor against the plan makes it partial.
  const left = result.steps.filter((s) => s.status === 'failed' || s.status === 'skipped').length;
  const partly = left > 0;
  return (
    <Stack gap="xs">
      <Alert
        role="status"
        color={partly ? 'orange' : 'green'}
        title={setupStatusWord(partly ? 'partly-cleaned-up' : 'cleaned-up')}
      >
        {partly
          ? `${left} of ${result.steps.length} objects are still on Harbor: see why below, fix it, then preview and clean up again (what is already deleted counts as done).`
          : 'Everything this setup created is deleted, except what you chose to keep.'}
      </Alert>
      <ResultTable result={result} label="Clean-up result" />
    </Stack>
  );
}

export function CleanupPanel({ setup }: { setup: SetupState }) {
  const plan = useCleanup(setup.id);
  const run = useCleanup(setup.id);
  const [confirmed, setConfirmed] = useState(false);
  const [keepProject, setKeepProject] = useState<boolean | undefined>(undefined);
  const project = setup.created.find((c) => c.kind === 'project');
  const planned = plan.data?.steps.find((s) => s.kind === 'project');
  // Until the operator chooses, the preview's default holds: keep a project that holds repositories.
  const keep = keepProject ?? planned?.status === 'will-keep';
  const preview = (keepChoice: boolean | undefined) => {
    setConfirmed(false);
    plan.mutate({ dryRun: true, keepProject: keepChoice });
  };
  const last = run.data ?? setup.cleanup;
  const deletes = plan.data?.steps.filter((s) => s.status === 'will-delete').length ?? 0;

  return (
    <Stack gap="sm" component="section" aria-labelledby="cleanup-title">
      <Title order={3} size="h4" id="cleanup-title">
        Clean up
      </Title>
      <Text size="sm">
        Removes what this setup created ({setup.created.length} objects): the rule first, then the endpoint,
        the robot account and the project. Objects that existed before are never touched. The preview asks
        Harbor what will happen to each one.
      </Text>
      {last && <CleanupOutcome result={last} />}
      <Group>
        <Button
          variant="default"
          onClick={() => preview(keepProject)}
          loading={plan.isPending}
          disabled={setup.created.length === 0}
        >
          {last ? 'Preview clean-up again' : 'Preview clean-up'}
        </Button>
      </Group>
      <ErrorCallout error={plan.error} title="Could not plan the clean-up" />
      {plan.data && (
        <>
          <ResultTable result={plan.data} label="Clean-up plan" />
          {project && planned && planned.status !== 'already-gone' && (
            <Checkbox
              label={`Keep the project “${project.name}”${planned.repositories ? ` (it holds ${planned.repositories} ${planned.repositories === 1 ? 'repository' : 'repositories'})` : ''}`}
              checked={keep}
              onChange={(event) => {
                setKeepProject(event.currentTarget.checked);
                preview(event.currentTarget.checked);
              }}
            />
          )}
          <Checkbox
            label={`I understand ${deletes === 1 ? 'this object' : `these ${deletes} objects`} will be deleted from Harbor`}
            checked={confirmed}
            disabled={deletes === 0}
            onChange={(event) => setConfirmed(event.currentTarget.checked)}
          />
          <Group>
            <Button
              color="red"
              disabled={!confirmed || plan.isPending}
              loading={run.isPending}
              onClick={() =>
                run.mutate(
                  { dryRun: false, keepProject: keep },
                  {
                    onSuccess: () => {
                      plan.reset();
                      setConfirmed(false);
                    },
                  },
                )
              }
            >
              Delete created objects
            </Button>
          </Group>
        </>
      )}
      <ErrorCallout error={run.error} title="The clean-up failed" />
    </Stack>
  );
}
