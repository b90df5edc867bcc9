// "Watch" on a finished setup: the wizard erased its admin passwords at Done, so creating the watch
// robots needs a fresh admin login per Harbor (none for a demo Harbor). The plan is shown first.
import type { SetupSummary, WatchPlan, WatchSummary } from '@hw/wizard-api';
import { Modal, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { setupQueryOptions } from '@/features/wizard/api/get-setup.ts';
import { setupName } from '@/features/wizard/utils/setup-words.ts';
import { useStartWatch } from '@/features/watch-setup/api/start-watch.ts';
import { useWatchPlan } from '@/features/watch-setup/api/watch-plan.ts';
import { AdminLoginForm } from '@/features/watch-setup/components/admin-login-form.tsx';
import { WatchPlanView } from '@/features/watch-setup/components/watch-plan-view.tsx';
import type { LoginNeed } from '@/features/watch-setup/watch-login-form.ts';

type Props = { setup: SetupSummary; onClose: () => void; onStarted: (watch: WatchSummary) => void };

function LoginForm({
  setup,
  plan,
  needs,
  onStarted,
}: Omit<Props, 'onClose'> & { plan: WatchPlan; needs: LoginNeed[] }) {
  const start = useStartWatch(setup.id);
  return (
    <AdminLoginForm
      needs={needs}
      purpose="to create the read-only watch robot (used once)"
      label="Admin logins for the watch"
      submitLabel="Start watching"
      pending={start.isPending}
      onSubmit={async (logins) =>
        onStarted(await start.mutateAsync({ durationDays: plan.durationDays, logins }))
      }
    >
      <ErrorCallout
        error={start.error}
        title="Could not start watching"
        actions={
          <Text size="sm">Check the login and retry with Start watching; nothing is created twice.</Text>
        }
      />
    </AdminLoginForm>
  );
}

type Harbor = { url: string; demo: boolean; username: string } | null;

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
