// The Done step's opt-in: keep watching this replication with a read-only robot per Harbor, and
// exactly what those robots may and may not do, shown before they are created.
import type { WatchPlan } from '@hw/wizard-api';
import { Card, Checkbox, Stack } from '@mantine/core';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { WatchPlanView } from '@/features/watch-setup/components/watch-plan-view.tsx';

type Props = {
  plan: { data: WatchPlan | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled: boolean;
};

const EXPLANATION =
  'The server creates a read-only robot account on each Harbor and uses it to watch this rule’s runs, its robot’s expiry and failures, and to alert you. The admin passwords are still erased when you finish.';

function disabledReason(plan: Props['plan']): string | null {
  if (plan.isPending) return 'Loading what the watch robots would be allowed to do…';
  if (plan.error) return 'Unavailable: the wizard could not work out the watch robots (see the error below).';
  if (plan.data && !plan.data.possible) return 'Not available for these Harbors: see why below.';
  return null;
}

export function KeepWatchingOption({ plan, checked, onChange, disabled }: Props) {
  const reason = disabledReason(plan);
  return (
    <Card withBorder component="section" aria-label="Watch">
      <Stack gap="sm">
        <Checkbox
          label="Keep watching this replication"
          description={reason ?? EXPLANATION}
          checked={checked && reason === null}
          disabled={disabled || reason !== null}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {plan.isPending && <PageLoader label="Loading the watch plan…" />}
        <ErrorCallout
          error={plan.error}
          title="Could not load the watch plan"
          onRetry={() => void plan.refetch()}
        />
        {plan.data && <WatchPlanView plan={plan.data} />}
      </Stack>
    </Card>
  );
}
