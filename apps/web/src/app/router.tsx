// Routes: "/" starts or resumes a setup, or shows the Replications page once anything is watched;
// "/setup/:id/:step" is one step of one setup; "/replications/alerts" the alert targets and history
// and "/replications/:watchId/repairs/:repairId" one repair flow (both before "/replications/:watchId",
// one watched rule).
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';

import { PageLoader } from '../components/page-loader.tsx';
import { paths } from '../config/paths.ts';

// Each route is its own chunk, so the first download is the shell alone.
const HomePage = lazy(() =>
  import('../features/wizard/components/home-page.tsx').then((m) => ({ default: m.HomePage })),
);
const HomeGate = lazy(() =>
  import('../features/replications/components/home-gate.tsx').then((m) => ({ default: m.HomeGate })),
);
const ReplicationsPage = lazy(() =>
  import('../features/replications/components/replications-page.tsx').then((m) => ({
    default: m.ReplicationsPage,
  })),
);
const WatchDetailPage = lazy(() =>
  import('../features/replications/components/watch-detail-page.tsx').then((m) => ({
    default: m.WatchDetailPage,
  })),
);
const RepairPage = lazy(() =>
  import('../features/repair/components/repair-page.tsx').then((m) => ({ default: m.RepairPage })),
);
const SetupRedirect = lazy(() =>
  import('../features/wizard/components/setup-redirect.tsx').then((m) => ({ default: m.SetupRedirect })),
);
const WizardPage = lazy(() =>
  import('../features/wizard/components/wizard-page.tsx').then((m) => ({ default: m.WizardPage })),
);
const AlertsPage = lazy(() =>
  import('../features/alerts/components/alerts-page.tsx').then((m) => ({ default: m.AlertsPage })),
);

export function AppRouter() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Switch>
        <Route path={paths.home.path} component={HomeGate} />
        <Route path={paths.start.path} component={HomePage} />
        <Route path={paths.replications.path} component={ReplicationsPage} />
        <Route path={paths.replicationAlerts.path} component={AlertsPage} />
        <Route path={paths.repair.path}>
          {(params: { watchId: string; repairId: string }) => (
            <RepairPage watchId={params.watchId} repairId={params.repairId} />
          )}
        </Route>
        <Route path={paths.replication.path}>
          {(params: { watchId: string }) => <WatchDetailPage watchId={params.watchId} />}
        </Route>
        <Route path={paths.setup.path}>{(params: { id: string }) => <SetupRedirect id={params.id} />}</Route>
        <Route path={paths.step.path}>
          {(params: { id: string; step: string }) => <WizardPage id={params.id} step={params.step} />}
        </Route>
        <Route>
          <Stack p="xl">
            <Title order={1}>Page not found</Title>
            <Text>There is nothing at this address.</Text>
            <Anchor component={Link} href={paths.home.href()}>
              Go to the wizard
            </Anchor>
          </Stack>
        </Route>
      </Switch>
    </Suspense>
  );
}
