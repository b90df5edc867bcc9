// The one setup-state fixture of every test suite (wizard-api, server, web): a push setup standing at
// a step with every earlier step done, shaped exactly as the server stores and sends it.
import type { ConnectionSummary, SetupState, StepId } from '../../src/index.ts';
import { STEP_IDS } from '../../src/index.ts';

export const SETUP_ID = 'setup-1';

export function connectionFixture(overrides: Partial<ConnectionSummary> = {}): ConnectionSummary {
  return {
    url: 'https://target.example.com',
    username: 'admin',
    tlsMode: 'verify',
    demo: false,
    version: 'v2.15.2',
    capabilities: {
      robotV2: true,
      destNamespaceReplaceCount: true,
      speed: true,
      copyByChunk: true,
      chartResourceFilter: false,
      cronSecondsRule: true,
      customRobotSecretRules: true,
      permissionsApi: true,
      versionHiddenFromAnonymous: true,
      singleActiveReplication: true,
      registryCaCertificate: true,
    },
    isSysAdmin: true,
    warnings: [],
    ...overrides,
  };
}

/** A push setup standing at `step`, with every earlier step done; `overrides` replace whole fields. */
export function setupStateAt(step: StepId, overrides: Partial<SetupState> = {}): SetupState {
  const index = STEP_IDS.indexOf(step);
  const completed = STEP_IDS.slice(0, index);
  const has = (s: StepId) => completed.includes(s);
  return {
    id: SETUP_ID,
    mode: 'push',
    step,
    completedSteps: completed,
    status: step === 'done' ? 'completed' : 'in-progress',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:05:00.000Z',
    target: has('connect-target') ? connectionFixture() : null,
    source: has('connect-source') ? connectionFixture({ url: 'https://source.example.com' }) : null,
    project: has('project') ? { id: 7, name: 'dst', createdByWizard: true } : null,
    robot: has('robot')
      ? {
          id: 3,
          name: 'robot$dst+replicator',
          project: 'dst',
          side: 'target',
          description: '',
          expiresAt: -1,
          access: [
            { resource: 'repository', action: 'pull' },
            { resource: 'repository', action: 'push' },
          ],
          reused: false,
          handedOff: has('credentials'),
        }
      : null,
    endpoint: has('endpoint')
      ? {
          id: 2,
          name: 'target.example.com',
          url: 'https://target.example.com',
          accessKey: 'robot$dst+replicator',
          reused: false,
          side: 'source',
        }
      : null,
    connectionTest: null,
    rule: null,
    policy: has('review') ? { id: 5, name: 'to-target', side: 'source' } : null,
    lastExecutionId: null,
    created: [],
    finishedWithoutRun: false,
    cleanup: null,
    version: index,
    ...overrides,
  };
}
