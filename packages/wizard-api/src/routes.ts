// Every path of the server's API in one place, so the web app and the server can never disagree.
import type { HarborSide } from './steps.ts';

const setup = (id: string) => `/api/setups/${encodeURIComponent(id)}`;

export const apiPaths = {
  health: '/api/health',
  session: '/api/session',
  setups: '/api/setups',
  setup,
  step: (id: string) => `${setup(id)}/step`,
  connect: (id: string, side: HarborSide) => `${setup(id)}/connect/${side}`,
  projects: (id: string) => `${setup(id)}/projects`,
  projectCheck: (id: string) => `${setup(id)}/projects/check`,
  project: (id: string) => `${setup(id)}/project`,
  robotCheck: (id: string) => `${setup(id)}/robot/check`,
  robot: (id: string) => `${setup(id)}/robot`,
  robotExport: (id: string) => `${setup(id)}/robot/export`,
  robotHandOff: (id: string) => `${setup(id)}/robot/hand-off`,
  endpointDefaults: (id: string) => `${setup(id)}/endpoint/defaults`,
  endpoint: (id: string) => `${setup(id)}/endpoint`,
  connectionTest: (id: string) => `${setup(id)}/connection-test`,
  labels: (id: string) => `${setup(id)}/labels`,
  sampleRepositories: (id: string) => `${setup(id)}/sample-repositories`,
  preview: (id: string) => `${setup(id)}/preview`,
  ruleDraft: (id: string) => `${setup(id)}/rule/draft`,
  review: (id: string) => `${setup(id)}/review`,
  rule: (id: string) => `${setup(id)}/rule`,
  executions: (id: string) => `${setup(id)}/executions`,
  execution: (id: string, executionId: number) => `${setup(id)}/executions/${executionId}`,
  stopExecution: (id: string, executionId: number) => `${setup(id)}/executions/${executionId}/stop`,
  tasks: (id: string, executionId: number) => `${setup(id)}/executions/${executionId}/tasks`,
  taskLog: (id: string, executionId: number, taskId: number) =>
    `${setup(id)}/executions/${executionId}/tasks/${taskId}/log`,
  verification: (id: string) => `${setup(id)}/verification`,
  complete: (id: string) => `${setup(id)}/complete`,
  exportBundle: (id: string) => `${setup(id)}/export/bundle.json`,
  exportTerraform: (id: string) => `${setup(id)}/export/main.tf`,
  cleanup: (id: string) => `${setup(id)}/cleanup`,
  harborProxy: (side: HarborSide, path: string) => `/api/harbor/${side}/${path.replace(/^\//, '')}`,
} as const;

/** Header carrying the CSRF token (from GET /api/session) on every unsafe request. */
export const CSRF_HEADER = 'x-csrf-token';
