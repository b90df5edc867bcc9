import type { SetupState } from '@hw/wizard-api';
import { ruleDraftSchema, setupBundleSchema } from '@hw/wizard-api';
import { connectionFixture, setupStateAt } from '@hw/wizard-api/testing';
import { describe, expect, it } from 'vitest';

import type { SetupInternal } from '../../src/storage/storage.ts';
import { hclString, setupBundle, setupTerraform } from '../../src/wizard/exports.ts';
import type { HclBody, HclFile } from '../terraform-hcl.ts';
import {
  blocks,
  literal,
  only,
  parseHcl,
  providerSchema,
  reference,
  schemaProblems,
  single,
} from '../terraform-hcl.ts';

const connection = (url: string, username = 'admin', tlsMode: 'verify' | 'ca' | 'insecure' = 'verify') =>
  connectionFixture({ url, username, tlsMode });

const done = setupStateAt('done');
const state: SetupState = {
  ...done,
  updatedAt: '2026-01-02T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  source: connection('https://a.example.com'),
  target: connection('https://b.example.com'),
  project: { id: 3, name: 'dst', createdByWizard: true },
  robot: { ...done.robot!, id: 9, name: 'robot$dst+repl', description: 'from ${a}' },
  endpoint: {
    ...done.endpoint!,
    id: 4,
    name: 'b.example.com',
    url: 'https://b.example.com',
    accessKey: 'robot$dst+repl',
  },
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

const internal: SetupInternal = {
  connections: {},
  projectRequest: { project_name: 'dst', metadata: { public: 'false' } },
  robotRequest: {
    name: 'repl',
    description: 'from ${a}',
    level: 'project',
    duration: -1,
    disable: false,
    permissions: [{ kind: 'project', namespace: 'dst', access: state.robot!.access }],
  },
  endpointRequest: {
    name: 'b.example.com',
    type: 'harbor',
    url: 'https://b.example.com',
    description: '',
    insecure: false,
    credential: {
      type: 'basic',
      access_key: 'robot$dst+repl',
      access_secret: '(the robot secret, kept on the server)',
    },
  },
};

const resource = (file: HclFile, type: string, label: string): HclBody =>
  single(file.resource?.[type], label);

describe('Terraform export', () => {
  it('declares the four goharbor resources, valid against the provider schema, with secrets as variables', async () => {
    const file = await parseHcl(setupTerraform(state, internal));
    expect(schemaProblems(file, providerSchema())).toEqual([]);
    expect(Object.keys(file.resource ?? {}).sort()).toEqual([
      'harbor_project',
      'harbor_registry',
      'harbor_replication',
      'harbor_robot_account',
    ]);
    const requiredProviders = only(only(file as unknown as HclBody, 'terraform'), 'required_providers');
    expect(requiredProviders.harbor).toEqual({ source: 'goharbor/harbor' });

    const robot = resource(file, 'harbor_robot_account', 'replication');
    expect(reference(robot.secret_wo)).toBe('var.robot_secret');
    expect(robot.secret_wo_version).toBe(1);
    expect(robot).not.toHaveProperty('secret');
    const registry = resource(file, 'harbor_registry', 'remote');
    expect(reference(registry.access_secret)).toBe('var.robot_secret');
    expect(reference(registry.provider)).toBe('harbor.source');

    const rule = resource(file, 'harbor_replication', 'rule');
    expect(literal(rule.action)).toBe('push');
    expect(literal(rule.schedule)).toBe('0 0 2 * * *');
    expect(rule.dest_namespace_replace).toBe(1);
    expect(rule).not.toHaveProperty('dest_namespace_replace_count');
    expect(
      blocks(rule, 'filters').map((f) =>
        Object.fromEntries(Object.entries(f).map(([k, v]) => [k, literal(v)])),
      ),
    ).toEqual([{ name: 'src/**' }, { tag: 'v*', decoration: 'matches' }]);
    // Interpolation in user text is escaped, not evaluated by Terraform.
    expect(literal(robot.description)).toBe('from ${a}');
  });

  it('sets the provider arguments whose defaults differ from what the wizard did', async () => {
    const file = await parseHcl(setupTerraform(state, internal));
    const providers = file.provider?.harbor ?? [];
    expect(providers.map((p) => [literal(p.alias), p.insecure])).toEqual([
      ['source', false],
      ['target', false],
    ]);
    const project = resource(file, 'harbor_project', 'target');
    expect(project).toMatchObject({ public: false, vulnerability_scanning: false, storage_quota: -1 });
  });

  it('follows the TLS mode of each connection and says what to do with a private CA', async () => {
    const tf = setupTerraform(
      {
        ...state,
        source: connection('https://a.example.com', 'admin', 'insecure'),
        target: connection('https://b.example.com', 'admin', 'ca'),
      },
      {
        ...internal,
        endpointRequest: { ...(internal.endpointRequest as object), insecure: false, ca_certificate: 'PEM' },
      },
    );
    const file = await parseHcl(tf);
    expect(file.provider?.harbor?.map((p) => [literal(p.alias), p.insecure])).toEqual([
      ['source', true],
      ['target', false],
    ]);
    expect(tf).toContain('SSL_CERT_FILE');
    expect(tf).toContain('paste the CA in Harbor');
    expect(resource(file, 'harbor_registry', 'remote').insecure).toBe(false);
  });

  it('looks up a project that already existed instead of managing it', async () => {
    const file = await parseHcl(
      setupTerraform({ ...state, project: { id: 3, name: 'dst', createdByWizard: false } }, internal),
    );
    expect(file.resource?.harbor_project).toBeUndefined();
    expect(literal(single(file.data?.harbor_project, 'target').name)).toBe('dst');
    const permissions = only(resource(file, 'harbor_robot_account', 'replication'), 'permissions');
    expect(reference(permissions.namespace)).toBe('data.harbor_project.target.name');
    expect(schemaProblems(file, providerSchema())).toEqual([]);
  });

  it('an injection through a user name or description stays one string literal (no extra resource block)', async () => {
    const evil = 'admin"\n}\nresource "harbor_project" "evil" {\n  name = "owned';
    const template = 'x ${file("/etc/passwd")} %{ if true }y%{ endif } \\ $${kept} \u0007 \u2028';
    const attacked: SetupState = {
      ...state,
      source: connection('https://a.example.com', evil),
      robot: { ...state.robot!, description: `${evil}\r\n${template}` },
      rule: { ...state.rule!, description: template },
    };
    const tf = setupTerraform(attacked, internal);
    const file = await parseHcl(tf);
    expect(Object.keys(file.resource?.harbor_project ?? {})).toEqual(['target']);
    expect(Object.keys(file.resource ?? {})).toHaveLength(4);
    expect(schemaProblems(file, providerSchema())).toEqual([]);
    expect(literal(file.provider?.harbor?.[0]?.username)).toBe(evil);
    expect(literal(single(file.variable, 'source_password').description)).toBe(
      `Password of ${evil} on the source Harbor`,
    );
    expect(literal(resource(file, 'harbor_robot_account', 'replication').description)).toBe(
      `${evil}\r\n${template}`,
    );
    expect(literal(resource(file, 'harbor_replication', 'rule').description)).toBe(template);
  });

  it('escapes every string as HCL: quotes, backslashes, control characters and template sequences', () => {
    expect(hclString('a"b\\c\nd\te\u0001')).toBe('"a\\"b\\\\c\\nd\\te\\u0001"');
    expect(hclString('${x} %{y} $${z}')).toBe('"$${x} %%{y} $$${z}"');
  });
});

describe('JSON bundle', () => {
  it('follows the documented format (version 1) and holds the policy request', () => {
    const bundle = setupBundleSchema.parse(setupBundle(state, internal, '2026-01-03T00:00:00.000Z'));
    expect(bundle).toMatchObject({
      format: 'harbor-replication-wizard/setup',
      version: 1,
      policy: {
        id: 5,
        request: { name: 'a-to-b', dest_registry: { id: 4 }, dest_namespace_replace_count: 1 },
      },
      target: { url: 'https://b.example.com' },
      endpoint: { request: { credential: { type: 'basic', access_key: 'robot$dst+repl' } } },
    });
  });

  it('drops any secret field of the stored requests, and the schema refuses one', () => {
    const withSecrets: SetupInternal = {
      ...internal,
      robotRequest: { ...(internal.robotRequest as object), secret: 'Robot-Secret-1' },
      endpointRequest: {
        ...(internal.endpointRequest as object),
        credential: { type: 'basic', access_key: 'robot$dst+repl', access_secret: 'Robot-Secret-1' },
      },
    };
    const bundle = setupBundle(state, withSecrets, '2026-01-03T00:00:00.000Z');
    expect(JSON.stringify(bundle)).not.toContain('Robot-Secret-1');
    expect(JSON.stringify(bundle)).not.toMatch(/secret"|password"/i);
    expect(setupBundleSchema.safeParse(bundle).success).toBe(true);
    const leaked = {
      ...bundle,
      endpoint: { ...bundle.endpoint, request: { ...bundle.endpoint!.request, password: 'x' } },
    };
    expect(setupBundleSchema.safeParse(leaked).success).toBe(false);
  });
});
