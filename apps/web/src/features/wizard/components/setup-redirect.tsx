// "/setup/:id" resumes at the step the server says the operator was on.
import { Redirect } from 'wouter';

import { PageLoader } from '../../../components/page-loader.tsx';
import { paths } from '../../../config/paths.ts';
import { useSetup } from '../api/get-setup.ts';
import { WizardPage } from './wizard-page.tsx';

export function SetupRedirect({ id }: { id: string }) {
  const setup = useSetup(id);
  if (setup.data) return <Redirect to={paths.step.href(id, setup.data.step)} replace />;
  if (setup.isError) return <WizardPage id={id} step="" />;
  return <PageLoader label="Loading your setup…" />;
}
