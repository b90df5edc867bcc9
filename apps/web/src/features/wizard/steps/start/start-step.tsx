// Step 0: push or pull, explained; resume an unfinished setup; the demo Harbors when they run.
import { startSetupRequestSchema } from '@hw/wizard-api';
import type { ReplicationMode, SetupSummary } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Card, Group, List, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Link, useLocation } from 'wouter';

import { WatchSetupAction } from '@/features/watch-setup/components/watch-setup-action.tsx';
import { useWatchesBySetup } from '@/features/watch-setup/api/watched-setups.ts';
import { ErrorCallout } from '../../../../components/error-callout.tsx';
import { PageLoader } from '../../../../components/page-loader.tsx';
import { StepFooter, StepLayout } from '../../../../components/step-layout.tsx';
import { paths } from '../../../../config/paths.ts';
import { useSession } from '../../api/get-session.ts';
import { useForgetSession } from '../../api/forget-session.ts';
import { useStartSetup } from '../../api/start-setup.ts';
import { useWizard } from '../../components/wizard-context.tsx';
import { setupName, setupStatusInWords } from '../../utils/setup-words.ts';

export const MODE_HELP: Record<ReplicationMode, { label: string; description: string }> = {
  push: {
    label: 'Push-based',
    description:
      'The source Harbor pushes images to the target. Pick this when the source can reach the target over the network, e.g. from a build site to a production or DR site. The robot account lives on the target; the endpoint and the rule on the source.',
  },
  pull: {
    label: 'Pull-based',
    description:
      'The target Harbor pulls images from the source. Pick this when only the target can open connections (the source sits behind a firewall), or to mirror a Harbor you do not administer. The robot account lives on the source; the endpoint and the rule on the target.',
  },
};

const intro =
  'This wizard sets up replication between two Harbor registries: it logs in to both, creates the project and a least-privilege robot account, registers the endpoint, tests it, previews what the rule will copy and then runs and watches it.';

function ModeRadios({
  value,
  onChange,
  disabled,
}: {
  value: ReplicationMode;
  onChange: (mode: ReplicationMode) => void;
  disabled?: boolean;
}) {
  return (
    <Radio.Group
      label="Replication mode"
      description="Which Harbor opens the connection. You cannot change it later in this setup."
      value={value}
      onChange={(next) => onChange(next === 'pull' ? 'pull' : 'push')}
    >
      <Stack gap="sm" mt="xs">
        {(['push', 'pull'] as const).map((mode) => (
          <Radio.Card key={mode} value={mode} p="md" disabled={disabled} aria-label={MODE_HELP[mode].label}>
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator />
              <div>
                <Text fw={600}>{MODE_HELP[mode].label}</Text>
                <Text size="sm" c="dimmed">
                  {MODE_HELP[mode].description}
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** Every setup of this browser session, newest change first, each by its name and state in words. */
function SetupList({ setups }: { setups: SetupSummary[] }) {
  const watches = useWatchesBySetup();
  if (setups.length === 0) return null;
  const newestFirst = [...setups].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <Card withBorder component="section" aria-labelledby="setups-title">
      <Title order={3} size="h4" mb="xs" id="setups-title">
        Your setups
      </Title>
      <List spacing="xs" aria-labelledby="setups-title">
        {newestFirst.map((s) => (
          <List.Item key={s.id}>
            <Anchor component={Link} href={paths.step.href(s.id, s.step)}>
              {setupName(s)}
            </Anchor>
            <Group gap="xs">
              <Text size="sm">
                {MODE_HELP[s.mode].label} · {setupStatusInWords(s)}
              </Text>
              {s.status === 'completed' && watches.data && (
                <WatchSetupAction setup={s} watch={watches.data.get(s.id)} />
              )}
            </Group>
            <Text size="xs" c="dimmed">
              Last change {new Date(s.updatedAt).toLocaleString()}
            </Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

function ForgetMe() {
  const forget = useForgetSession();
  const [confirming, setConfirming] = useState(false);
  return (
    <Stack gap="xs" component="section" aria-labelledby="forget-title">
      <Title order={3} size="h5" id="forget-title">
        Passwords kept by the wizard
      </Title>
      <Text size="sm" c="dimmed">
        The wizard server keeps the Harbor passwords and the robot secret of your setups encrypted, for this
        browser session only, and erases them when a setup is finished or idle too long. You can erase them
        now.
      </Text>
      {forget.isSuccess ? (
        <Text size="sm" role="status">
          Done: the server has erased your passwords and secrets.
        </Text>
      ) : confirming ? (
        <Group>
          <Button color="red" variant="light" loading={forget.isPending} onClick={() => forget.mutate()}>
            Erase my passwords and secrets
          </Button>
          <Button variant="default" onClick={() => setConfirming(false)}>
            Keep them
          </Button>
        </Group>
      ) : (
        <Group>
          <Button variant="default" onClick={() => setConfirming(true)}>
            Forget me
          </Button>
        </Group>
      )}
      <ErrorCallout error={forget.error} title="Could not erase the secrets" />
    </Stack>
  );
}

/** On "/": no setup yet. */
export function StartStep() {
  const session = useSession();
  const start = useStartSetup();
  const [, navigate] = useLocation();
  const form = useForm<
    z.input<typeof startSetupRequestSchema>,
    unknown,
    z.output<typeof startSetupRequestSchema>
  >({
    resolver: zodResolver(startSetupRequestSchema),
    defaultValues: { mode: 'push' },
  });

  if (session.isPending) return <PageLoader label="Connecting to the wizard server…" />;
  if (session.isError)
    return (
      <ErrorCallout
        error={session.error}
        title="Cannot reach the wizard server"
        onRetry={() => void session.refetch()}
      />
    );

  const unfinished = session.data.history.filter((s) => s.status === 'in-progress');
  const current = unfinished.find((s) => s.id === session.data.currentSetupId);
  const demo = session.data.demo;

  return (
    <form
      noValidate
      onSubmit={(event) =>
        void form.handleSubmit((values) =>
          start.mutate(values.mode, {
            onSuccess: (state) => navigate(paths.step.href(state.id, state.step)),
          }),
        )(event)
      }
    >
      <StepLayout title="Start" description={intro} busy={start.isPending ? 'Creating the setup…' : null}>
        {current && (
          <Alert role="note" color="blue" title="You have a setup in progress">
            <Group justify="space-between">
              <Text size="sm">
                {setupName(current)} ({MODE_HELP[current.mode].label}): {setupStatusInWords(current)}.
              </Text>
              <Button component={Link} href={paths.step.href(current.id, current.step)} variant="light">
                Resume setup
              </Button>
            </Group>
          </Alert>
        )}
        <Controller
          control={form.control}
          name="mode"
          render={({ field }) => <ModeRadios value={field.value} onChange={field.onChange} />}
        />
        {demo.available && (
          <Alert role="note" color="blue" title="Demo Harbors are running">
            <Text size="sm">
              The server runs two demo Harbors: source {demo.sourceUrl ?? ''} and target{' '}
              {demo.targetUrl ?? ''}. The connect steps offer them with one click.
            </Text>
          </Alert>
        )}
        <ErrorCallout error={start.error} title="Could not start the setup" />
        <StepFooter label="Start setup" blockedReason={null} loading={start.isPending} />
        <SetupList setups={session.data.history.filter((s) => s.id !== current?.id)} />
        <ForgetMe />
      </StepLayout>
    </form>
  );
}

/** Revisiting step 0 of an existing setup: the mode is fixed, the operator can go on or start over. */
export function StartStepInWizard() {
  const { setup, goTo } = useWizard();
  return (
    <StepLayout title="Start" description={intro}>
      <ModeRadios value={setup.mode} onChange={() => undefined} disabled />
      <Text size="sm">
        To replicate the other way,{' '}
        <Anchor component={Link} href={paths.home.href()}>
          start a new setup
        </Anchor>
        .
      </Text>
      <StepFooter blockedReason={null} onClick={() => goTo('connect-target')} />
    </StepLayout>
  );
}
