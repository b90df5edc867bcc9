// The route table: the URL always names the setup and the step, so a reload resumes there; the
// Replications pages name the watch.
import type { RepairKind, StepId } from '@hw/wizard-api';

export const paths = {
  home: { path: '/', href: () => '/' },
  /** The start page with the setups list, reachable even when "/" goes to the Replications page. */
  start: { path: '/start', href: () => '/start' },
  replications: { path: '/replications', href: () => '/replications' },
  replicationAlerts: { path: '/replications/alerts', href: () => '/replications/alerts' },
  repair: {
    path: '/replications/:watchId/repairs/:repairId',
    href: (watchId: string, repairId: string) =>
      `/replications/${encodeURIComponent(watchId)}/repairs/${encodeURIComponent(repairId)}`,
  },
  replication: {
    path: '/replications/:watchId',
    href: (watchId: string) => `/replications/${encodeURIComponent(watchId)}`,
    /** The watched rule with a repair's options asked at once (a shortcut of the table). */
    repairHref: (watchId: string, kind: RepairKind) =>
      `/replications/${encodeURIComponent(watchId)}?repair=${encodeURIComponent(kind)}`,
  },
  setup: { path: '/setup/:id', href: (id: string) => `/setup/${encodeURIComponent(id)}` },
  step: {
    path: '/setup/:id/:step',
    href: (id: string, step: StepId) => `/setup/${encodeURIComponent(id)}/${step}`,
  },
} as const;
