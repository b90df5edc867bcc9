// "Watch" on a finished setup: the wizard erased its admin passwords at Done, so creating the watch
// robots needs a fresh admin login per Harbor (none for a demo Harbor). The plan is shown first.
import type { SetupSummary, WatchPlan } from '@hw/wizard-api';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { FormProvider, useForm } from 'react-hook-form';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { setupQueryOptions } from '@/features/wizard/api/get-setup.ts';
import { setupName } from '@/features/wizard/utils/setup-words.ts';
import { useStartWatch } from '@/features/watch-setup/api/start-watch.ts';
import { useWatchPlan } from '@/features/watch-setup/api/watch-plan.ts';
import { AdminLoginFields } from '@/features/watch-setup/components/admin-login-fields.tsx';
import { WatchPlanView } from '@/features/watch-setup/components/watch-plan-view.tsx';
import { toAdminLogins, watchLoginFormSchema } from '@/features/watch-setup/watch-login-form.ts';
import type {
  LoginNeed,
  WatchLoginFormInput,
  WatchLoginFormOutput,
} from '@/features/watch-setup/watch-login-form.ts';

type Props = { setup: SetupSummary; onClose: () => void; onStarted: () => void };

function LoginForm({
  setup,
  plan,
  needs,
  onStarted,
}: Omit<Props, 'onClose'> & { plan: WatchPlan; needs: LoginNeed[] }) {
  const start = useStartWatch(setup.id);
  const form = useForm<WatchLoginFormInput, unknown, WatchLoginFormOutput>({
    resolver: zodResolver(watchLoginFormSchema),
    shouldUnregister: true,
    defaultValues: Object.fromEntries(
      needs.filter((n) => !n.demo).map((n) => [n.side, { username: n.username, password: '' }]),
    ),
  });

  const submit = form.handleSubmit(async (values) => {
    try {
      await start.mutateAsync({ durationDays: plan.durationDays, logins: toAdminLogins(needs, values) });
      onStarted();
    } catch {
      // Shown below the form from the mutation's state.
    } finally {
      // Whatever Harbor answered, the typed passwords do not stay in the page.
      for (const need of needs) if (!need.demo) form.setValue(`${need.side}.password`, '');
    }
  });

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-label="Admin logins for the watch"
        onSubmit={(event) => {
          // The dialog is portalled out of the page, but React still bubbles its submit to any form
          // around the button that opened it (the start page is one).
          event.stopPropagation();
          void submit(event);
        }}
      >
        <Stack gap="md">
          <AdminLoginFields needs={needs} purpose="to create the read-only watch robot (used once)" />
          <ErrorCallout
            error={start.error}
            title="Could not start watching"
            actions={
              <Text size="sm">Check the login and retry with Start watching; nothing is created twice.</Text>
            }
          />
          <Group>
            <Button type="submit" loading={start.isPending}>
              Start watching
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

/** Which Harbors the plan creates a robot on, with what the setup recorded of each. */
function loginNeeds(plan: WatchPlan, harbors: { source: Harbor; target: Harbor }): LoginNeed[] {
  const sides = [...new Set(plan.robots.map((r) => r.side))];
  return sides.map((side) => ({
    side,
    url: harbors[side]?.url ?? plan.robots.find((r) => r.side === side)?.harborUrl ?? side,
    demo: harbors[side]?.demo ?? false,
    username: harbors[side]?.username ?? '',
  }));
}
type Harbor = { url: string; demo: boolean; username: string } | null;

export function WatchSetupDialog({ setup, onClose, onStarted }: Props) {
  const plan = useWatchPlan(setup.id);
  const state = useQuery(setupQueryOptions(setup.id));
  const loading = plan.isPending || state.isPending;
  return (
    <Modal opened onClose={onClose} title={`Watch ${setupName(setup)}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          The server creates a read-only robot on each Harbor below and uses it to watch this rule&apos;s
          runs, its robot&apos;s expiry and failures. Your admin login is used once to create them and is
          never stored.
        </Text>
        {loading && <PageLoader label="Loading what the watch robots would be allowed to do…" />}
        <ErrorCallout
          error={plan.error ?? state.error}
          title="Could not load the watch plan"
          onRetry={() => {
            void plan.refetch();
            void state.refetch();
          }}
        />
        {plan.data && <WatchPlanView plan={plan.data} />}
        {plan.data?.possible && state.data && (
          <LoginForm
            setup={setup}
            plan={plan.data}
            needs={loginNeeds(plan.data, { source: state.data.source, target: state.data.target })}
            onStarted={onStarted}
          />
        )}
      </Stack>
    </Modal>
  );
}
