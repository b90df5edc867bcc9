import type { SetupState } from '@hw/wizard-api';
import { ruleDraftSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { BUNDLE_FORMAT, setupBundle, setupTerraform } from '../../src/wizard/exports.ts';

const caps = {
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
};
const connection = (url: string) => ({
  url,
  username: 'admin',
  tlsMode: 'verify' as const,
  demo: false,
  version: 'v2.15.2',
  capabilities: caps,
  isSysAdmin: true,
  warnings: [],
});

const state: SetupState = {
  id: 'setup-1',
  mode: 'push',
  step: 'done',
  completedSteps: [],
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  source: connection('https://a.example.com'),
  target: connection('https://b.example.com'),
  project: { id: 3, name: 'dst', createdByWizard: true },
  robot: {
    id: 9,
    name: 'robot$dst+repl',
    project: 'dst',
    side: 'target',
    description: 'from ${a}',
    expiresAt: -1,
    access: [
      { resource: 'repository', action: 'pull' },
      { resource: 'repository', action: 'push' },
    ],
    reused: false,
    handedOff: true,
  },
  endpoint: {
    id: 4,
    name: 'b.example.com',
    url: 'https://b.example.com',
    accessKey: 'robot$dst+repl',
    reused: false,
    side: 'source',
  },
  connectionTest: null,
  rule: ruleDraftSchema.parse({
    name: 'a-to-b',
    filters: { name: 'src/**', tag: { decoration: 'matches', pattern: 'v*' } },
    destination: { namespace: 'dst', replaceCount: 1 },
    trigger: { type: 'scheduled', cron: '0 0 2 * * *' },
    bandwidth: {},
  }),
  policy: { id: 5, name: 'a-to-b', side: 'source' },
  lastExecutionId: 12,
  created: [{ side: 'target', kind: 'project', id: 3, name: 'dst' }],
};

describe('exports', () => {
  it('Terraform declares the four goharbor resources with the secret as a variable', () => {
    const tf = setupTerraform(state);
    for (const resource of [
      'harbor_project',
      'harbor_robot_account',
      'harbor_registry',
      'harbor_replication',
    ])
      expect(tf).toContain(`resource "${resource}"`);
    expect(tf).toContain('source  = "goharbor/harbor"');
    expect(tf).toContain('access_secret = var.robot_secret');
    expect(tf).toContain('secret      = var.robot_secret');
    expect(tf).toContain('provider      = harbor.source');
    expect(tf).toContain('action                       = "push"');
    expect(tf).toContain('schedule                     = "0 0 2 * * *"');
    expect(tf).toContain('tag = "v*"');
    // Interpolation in user text is escaped, not evaluated by Terraform.
    expect(tf).toContain('"from $${a}"');
  });

  it('looks up a project that already existed instead of managing it', () => {
    const tf = setupTerraform({ ...state, project: { id: 3, name: 'dst', createdByWizard: false } });
    expect(tf).toContain('data "harbor_project" "target"');
    expect(tf).not.toContain('resource "harbor_project"');
    expect(tf).toContain('namespace = data.harbor_project.target.name');
  });

  it('the JSON bundle holds the choices and the policy request, and no secret field', () => {
    const bundle = setupBundle(
      state,
      {
        connections: {},
        endpointRequest: { credential: { access_secret: '(the robot secret, kept on the server)' } },
      },
      '2026-01-03T00:00:00.000Z',
    ) as Record<string, unknown>;
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle).toMatchObject({
      policy: { id: 5, request: { name: 'a-to-b', dest_registry: { id: 4 } } },
      target: { url: 'https://b.example.com' },
    });
    expect(JSON.stringify(bundle)).not.toMatch(/"password"|"secret":/);
  });
});
