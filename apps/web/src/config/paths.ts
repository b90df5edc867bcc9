// The route table: the URL always names the setup and the step, so a reload resumes there.
import type { StepId } from '@hw/wizard-api';

export const paths = {
  home: { path: '/', href: () => '/' },
  setup: { path: '/setup/:id', href: (id: string) => `/setup/${encodeURIComponent(id)}` },
  step: {
    path: '/setup/:id/:step',
    href: (id: string, step: StepId) => `/setup/${encodeURIComponent(id)}/${step}`,
  },
  replications: { path: '/replications', href: () => '/replications' },
  alerts: { path: '/replications/alerts', href: () => '/replications/alerts' },
} as const;
