// Step 11: what was set up where, the setup as JSON and Terraform, earlier setups, and clean-up.
import { apiPaths } from '@hw/wizard-api';
import type { SetupState, SetupSummary } from '@hw/wizard-api';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import IconDownload from '@tabler/icons-react/icons/IconDownload';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'wouter';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { StepLayout } from '@/components/step-layout.tsx';
import { paths } from '@/config/paths.ts';
import { useCompleteSetup } from '@/features/wizard/api/complete-setup.ts';
import { useSession } from '@/features/wizard/api/get-session.ts';
import { useWizard } from '@/features/wizard/components/wizard-context.tsx';
import { CleanupPanel } from '@/features/wizard/steps/done/cleanup-panel.tsx';
import { kindWord, modeWord, setupStatusWord, triggerSummary } from '@/features/wizard/utils/harbor-words.ts';
import { TableHead } from '@/components/table-head.tsx';
import { useStartWatch } from '@/features/watch-setup/api/start-watch.ts';
import { useWatchesBySetup } from '@/features/watch-setup/api/watched-setups.ts';
import { WatchSetupAction } from '@/features/watch-setup/components/watch-setup-action.tsx';
import { useWatchPlan } from '@/features/watch-setup/api/watch-plan.ts';
import { KeepWatchingOption } from '@/features/watch-setup/components/keep-watching-option.tsx';

const STATUS_COLORS: Record<SetupState['status'], string> = {
  'in-progress': 'blue',
  completed: 'green',
  'cleaned-up': 'gray',
  'partly-cleaned-up': 'orange',
};

function DownloadLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      component="a"
      href={href}
      download
      variant="light"
      leftSection={<IconDownload size={16} aria-hidden />}
    >
      {children}
    </Button>
  );
}

function History({ setups, currentId }: { setups: SetupSummary[]; currentId: string }) {
  const watches = useWatchesBySetup();
  if (setups.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-title">
      <Title order={3} size="h4" id="history-title">
        History of setups
      </Title>
      <Table aria-label="History of setups">
        <TableHead columns={['Started', 'Mode', 'Source → target', 'Rule', 'Created', 'Status']} />
        <Table.Tbody>
          {setups.map((s) => (
            <Table.Tr key={s.id} aria-current={s.id === currentId ? 'true' : undefined}>
              <Table.Td>
                <Anchor component={Link} href={paths.step.href(s.id, s.step)}>
                  {new Date(s.createdAt).toLocaleString()}
                </Anchor>
              </Table.Td>
              <Table.Td>{modeWord(s.mode)}</Table.Td>
              <Table.Td>
                {s.sourceUrl ?? '—'} → {s.targetUrl ?? '—'}
              </Table.Td>
              <Table.Td>{s.policyName ?? '—'}</Table.Td>
              <Table.Td>
                {s.created.map((c) => `${kindWord(c.kind)} ${c.name} (${c.side})`).join(', ') || '—'}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Badge color={STATUS_COLORS[s.status]} variant="light" tt="none">
                    {setupStatusWord(s.status)}
                  </Badge>
                  {s.status === 'completed' && watches.data && (
                    <WatchSetupAction setup={s} watch={watches.data.get(s.id)} />
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The page's first sentence: what is true of the replication now. */
function stateSentence(setup: SetupState): string {
  switch (setup.status) {
    case 'cleaned-up':
      return 'Cleaned up: what this setup created is deleted from Harbor, except what you chose to keep (see Clean up below).';
    case 'partly-cleaned-up':
      return 'Partly cleaned up: some objects this setup created are still on Harbor (see Clean up below).';
    default:
      return `Replication is set up${setup.finishedWithoutRun ? ', but it has not run yet' : ''}. Keep the export if you want to recreate it elsewhere or manage it as code.`;
  }
}

/** Finished without a run: nobody has seen images arrive yet; say how to check later. */
function VerificationPending({ setup }: { setup: SetupState }) {
  return (
    <Alert role="status" color="orange" title="Not verified yet: the rule has not run">
      You finished without running the rule, so the wizard has not checked that images arrive on{' '}
      {setup.target?.url ?? 'the target'}. The rule “{setup.policy?.name ?? ''}” runs by itself
      {setup.rule ? ` (${triggerSummary(setup.rule.trigger)})` : ''}. To verify later: in Harbor&apos;s
      portal, Administration → Replications, select the rule and look at its executions (or start it with
      Replicate); or open this setup from the setups list and use its Run step.
    </Alert>
  );
}

export function DoneStep() {
  const { setup } = useWizard();
  const session = useSession();
  const complete = useCompleteSetup(setup.id);
  const completed = setup.status === 'completed';
  const inProgress = setup.status === 'in-progress';
  const plan = useWatchPlan(setup.id, inProgress);
  const startWatch = useStartWatch(setup.id);
  const [keepWatching, setKeepWatching] = useState(true);
  const watches = useWatchesBySetup();
  const watched = startWatch.isSuccess || watches.data?.has(setup.id) === true;
  const watchWanted = keepWatching && plan.data?.possible === true;

  // The setups list below shows the setup's new status (and offers Watch once it is finished).
  const completeSetup = () => complete.mutate(false, { onSuccess: () => void session.refetch() });

  // The watch is created first, while the server still holds this setup's admin passwords; only then
  // does "complete" erase them. A failed start stops here, with a retry or a finish without it.
  const finish = async (withWatch: boolean) => {
    if (withWatch && plan.data && !startWatch.isSuccess) {
      try {
        await startWatch.mutateAsync({ durationDays: plan.data.durationDays });
      } catch {
        return;
      }
    }
    completeSetup();
  };
  const finishWithoutWatching = () => {
    setKeepWatching(false);
    startWatch.reset();
    completeSetup();
  };
  const busy = startWatch.isPending ? 'Creating the watch robots…' : complete.isPending ? 'Finishing…' : null;

  return (
    <StepLayout title="Done" description={stateSentence(setup)} busy={busy}>
      {setup.finishedWithoutRun && setup.status === 'completed' && <VerificationPending setup={setup} />}
      <Card withBorder component="section" aria-label="Summary">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Summary
          </Title>
          <Text size="sm">
            {setup.mode === 'push' ? 'Push' : 'Pull'} replication from{' '}
            <strong>{setup.source?.url ?? 'the source'}</strong> to{' '}
            <strong>{setup.target?.url ?? 'the target'}</strong>, project{' '}
            <strong>{setup.project?.name ?? '—'}</strong>, rule <strong>{setup.policy?.name ?? '—'}</strong>
            {setup.rule ? ` (${triggerSummary(setup.rule.trigger)})` : ''}.
          </Text>
          <Table aria-label="Created objects">
            <TableHead columns={['Harbor', 'Kind', 'Name', 'ID']} />
            <Table.Tbody>
              {setup.created.map((c) => (
                <Table.Tr key={`${c.side}-${c.kind}-${c.id}`}>
                  <Table.Td>{c.side}</Table.Td>
                  <Table.Td>{kindWord(c.kind)}</Table.Td>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.id}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>

      <Stack gap="xs" component="section" aria-labelledby="downloads-title">
        <Title order={3} size="h4" id="downloads-title">
          Downloads
        </Title>
        <Text size="sm">
          No secrets are included: fill in the robot secret and passwords where you apply them.
        </Text>
        <Group>
          <DownloadLink href={apiPaths.exportBundle(setup.id)}>Download setup (JSON)</DownloadLink>
          <DownloadLink href={apiPaths.exportTerraform(setup.id)}>Download Terraform</DownloadLink>
        </Group>
      </Stack>

      {inProgress && (
        <KeepWatchingOption
          plan={plan}
          checked={keepWatching}
          onChange={setKeepWatching}
          disabled={startWatch.isPending || complete.isPending}
        />
      )}
      {completed ? (
        <Alert role="status" color="green" title="Setup finished">
          The wizard has erased the passwords and the robot secret it held for this setup.{' '}
          {watched ? (
            <>
              It keeps watching this replication with its read-only robots:{' '}
              <Anchor component={Link} href={paths.replications.href()}>
                see how it is doing
              </Anchor>
              .{' '}
            </>
          ) : (
            <>
              To watch it later, use Watch in the list of setups, or{' '}
              <Anchor component={Link} href={paths.replications.href()}>
                see the watched rules
              </Anchor>
              .{' '}
            </>
          )}
          <Anchor component={Link} href={paths.home.href()}>
            Start another setup
          </Anchor>
        </Alert>
      ) : (
        inProgress && (
          <Group>
            <Button
              onClick={() => void finish(watchWanted)}
              loading={startWatch.isPending || complete.isPending}
              disabled={keepWatching && plan.isPending}
            >
              Finish setup
            </Button>
            <Text size="sm" c="dimmed">
              {watchWanted ? 'Creates the watch robots, then erases' : 'Erases'} the passwords and the robot
              secret the wizard holds. Clean up first if you want the wizard to remove what it created.
            </Text>
          </Group>
        )
      )}
      <ErrorCallout
        error={startWatch.error}
        title="Could not start watching; the setup is not finished yet"
        onRetry={() => void finish(true)}
        retryLabel="Retry watching and finish"
        actions={
          <Button size="xs" variant="default" onClick={finishWithoutWatching}>
            Finish without watching
          </Button>
        }
      />
      <ErrorCallout error={complete.error} title="Could not finish the setup" />

      <CleanupPanel setup={setup} />
      {session.data && <History setups={session.data.history} currentId={setup.id} />}
    </StepLayout>
  );
}
