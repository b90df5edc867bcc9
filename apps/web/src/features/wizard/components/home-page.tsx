import { lazy, Suspense } from 'react';

import { PageLoader } from '../../../components/page-loader.tsx';
import { WizardShell } from './wizard-shell.tsx';
import { WizardStepper } from './wizard-stepper.tsx';

const StartStep = lazy(() => import('../steps/start/start-step.tsx').then((m) => ({ default: m.StartStep })));

/** "/": step 0 before a setup exists, with the unfinished setups to resume. */
export function HomePage() {
  return (
    <WizardShell
      stepper={
        <WizardStepper
          current="start"
          mode={null}
          completed={[]}
          canVisit={() => false}
          onVisit={() => undefined}
        />
      }
    >
      <Suspense fallback={<PageLoader />}>
        <StartStep />
      </Suspense>
    </WizardShell>
  );
}
