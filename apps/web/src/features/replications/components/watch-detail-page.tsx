// "/replications/:watchId": one watched rule: its summary, its execution timeline (Harbor's
// executions and the archived ones Harbor has deleted), "Repair" and "Stop watching".
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { repairKindSchema } from '@hw/wizard-api';

import { ErrorCallout } from '@/components/error-callout.tsx';
import { PageLoader } from '@/components/page-loader.tsx';
import { paths } from '@/config/paths.ts';
import { ApiRequestError } from '@/lib/api-client.ts';

import { useWatchEvents } from '../api/watch-events.ts';
import { useWatch } from '../api/watches.ts';
import { useNow } from '../utils/use-now.ts';
import { PageFrame } from './page-frame.tsx';
import { WatchSummaryPanel } from './watch-summary-panel.tsx';
import { WatchTimeline } from './watch-timeline.tsx';

const WatchChart = lazy(() => import('./watch-chart.tsx').then((m) => ({ default: m.WatchChart })));
const RepairMenu = lazy(() =>
  import('@/features/repair/components/repair-menu.tsx').then((m) => ({ default: m.RepairMenu })),
);
const StopWatchDialog = lazy(() =>
  import('@/features/watch-setup/components/stop-watch-dialog.tsx').then((m) => ({
    default: m.StopWatchDialog,
  })),
);

function BackLink() {
  return (
    <Anchor component={Link} href={paths.replications.href()} size="sm">
      All replications
    </Anchor>
  );
}

export function WatchDetailPage({ watchId }: { watchId: string }) {
  useWatchEvents();
  const watch = useWatch(watchId);
  const nowMs = useNow();
  const [stopping, setStopping] = useState(false);
  const [, navigate] = useLocation();
  // "?repair=extend": a shortcut of the Replications table, whose options open at once.
  const askedRepair = repairKindSchema.safeParse(new URLSearchParams(useSearch()).get('repair')).data;

  if (watch.isPending)
    return (
      <PageFrame>
        <PageLoader label="Loading the replication…" />
      </PageFrame>
    );
  if (watch.isError)
    return (
      <PageFrame>
        <BackLink />
        {watch.error instanceof ApiRequestError && watch.error.status === 404 ? (
          <Stack gap="xs">
            <Title order={2}>Not watched</Title>
            <Text>This replication is not watched (any more).</Text>
          </Stack>
        ) : (
          <ErrorCallout
            error={watch.error}
            title="Could not load the replication"
            onRetry={() => void watch.refetch()}
          />
        )}
      </PageFrame>
    );

  const data = watch.data;
  return (
    <PageFrame>
      <BackLink />
      <Group justify="space-between" align="flex-start">
        <Title order={2}>{data.rule.name}</Title>
        <Group gap="xs">
          <Suspense fallback={null}>
            <RepairMenu watch={data} initialKind={askedRepair} />
          </Suspense>
          <Button color="red" variant="light" onClick={() => setStopping(true)}>
            Stop watching
          </Button>
        </Group>
      </Group>
      <WatchSummaryPanel watch={data} nowMs={nowMs} />
      <Stack gap="xs" component="section" aria-labelledby="timeline-title">
        <Title order={3} size="h4" id="timeline-title">
          Executions
        </Title>
        <WatchTimeline watchId={watchId} />
        <Suspense fallback={<PageLoader label="Loading the chart…" />}>
          <WatchChart watchId={watchId} />
        </Suspense>
      </Stack>
      {stopping && (
        <Suspense fallback={<PageLoader label="Loading…" />}>
          <StopWatchDialog
            watch={data}
            onClose={() => setStopping(false)}
            onStopped={() => navigate(paths.replications.href())}
          />
        </Suspense>
      )}
    </PageFrame>
  );
}
