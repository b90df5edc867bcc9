// Routes: "/" starts or resumes a setup; "/setup/:id/:step" is one step of one setup;
// "/replications/alerts" the alert targets and history (before any "/replications/:watchId").
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';

import { PageLoader } from '../components/page-loader.tsx';
import { paths } from '../config/paths.ts';

// Each route is its own chunk, so the first download is the shell alone.
const HomePage = lazy(() =>
  import('../features/wizard/components/home-page.tsx').then((m) => ({ default: m.HomePage })),
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
        <Route path={paths.home.path} component={HomePage} />
        <Route path={paths.alerts.path} component={AlertsPage} />
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
