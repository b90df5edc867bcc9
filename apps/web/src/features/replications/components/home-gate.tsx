// "/": the Replications page once anything is watched, the wizard's start page otherwise. The start
// page stays at "/start" (header link "All setups", button "New setup").
import { lazy, Suspense } from 'react';
import { Redirect } from 'wouter';

import { PageLoader } from '@/components/page-loader.tsx';
import { paths } from '@/config/paths.ts';

import { useWatches } from '../api/watches.ts';

const HomePage = lazy(() =>
  import('@/features/wizard/components/home-page.tsx').then((m) => ({ default: m.HomePage })),
);

export function HomeGate() {
  const watches = useWatches();
  if (watches.isPending) return <PageLoader />;
  if (watches.data && watches.data.length > 0) return <Redirect to={paths.replications.href()} replace />;
  // Without the list (an error) the wizard must still start.
  return (
    <Suspense fallback={<PageLoader />}>
      <HomePage />
    </Suspense>
  );
}
