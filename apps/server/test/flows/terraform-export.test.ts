// The Terraform export of real setups (push and pull, against harbor-sim) read back with HCL's own
// parser: every block and argument exists in the provider's schema, and what the provider would send
// to Harbor (client/*.go of goharbor/terraform-provider-harbor, defaults filled in from the schema)
// equals what Harbor holds after the wizard created it.
import type { HarborSim } from '@hw/harbor-sim';
import type { RobotCreatedResponse, SetupState } from '@hw/wizard-api';
import {
  apiPaths,
  endpointDefaultsSchema,
  robotCreatedResponseSchema,
  setupBundleSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { connectedBrowser, SOURCE_ADMIN, startAppWithSims, TARGET_ADMIN } from '../sims.ts';
import type { BlockSchema, HclBody, HclFile } from '../terraform-hcl.ts';
import {
  blocks,
  isReference,
  literal,
  only,
  parseHcl,
  providerSchema,
  reference,
  schemaProblems,
  single,
} from '../terraform-hcl.ts';
import { ok } from './push-flow.ts';

const { sims, app } = await startAppWithSims();
const schema = providerSchema();

type Harbor = Record<string, unknown>;
async function harborGet(sim: HarborSim, admin: typeof SOURCE_ADMIN, path: string): Promise<Harbor> {
  const res = await fetch(`${sim.url}/api/v2.0${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`,
    },
  });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as Harbor;
}
/** Harbor's Go models drop zero values (`omitempty`): a missing field is false, 0 or "". */
const held = <T>(object: Harbor, key: string, zero: T): T => (object[key] ?? zero) as T;
const harborOf = (side: 'source' | 'target') =>
  side === 'source' ? ([sims.source, SOURCE_ADMIN] as const) : ([sims.target, TARGET_ADMIN] as const);

/** An argument's value as the provider sees it: the one written, else the schema's default. */
function arg(body: HclBody, block: BlockSchema, name: string): unknown {
  const value = body[name] ?? block.arguments[name]?.default;
  return typeof value === 'string' && !isReference(value) ? literal(value) : value;
}

/** Resolves the references the export uses to the literal they point at. */
function resolve(file: HclFile, value: unknown): unknown {
  if (!isReference(value as string)) return value;
  const ref = reference(value as string);
  const project = /^(data\.)?harbor_project\.target\.name$/.exec(ref);
  if (project) {
    const body = project[1]
      ? single(file.data?.harbor_project, 'target')
      : single(file.resource?.harbor_project, 'target');
    return literal(body.name);
  }
  return ref;
}

const resource = (file: HclFile, type: string, label: string) => single(file.resource?.[type], label);

async function expectSameSetup(file: HclFile, state: SetupState): Promise<void> {
  const r = schema.resources;
  expect(schemaProblems(file, schema)).toEqual([]);

  // Provider blocks: same URL and user, certificate checks as the wizard made them.
  for (const p of file.provider?.harbor ?? []) {
    const side = literal(p.alias) as 'source' | 'target';
    expect(arg(p, schema.provider, 'url')).toBe(state[side]!.url);
    expect(arg(p, schema.provider, 'username')).toBe(state[side]!.username);
    expect(arg(p, schema.provider, 'insecure')).toBe(state[side]!.tlsMode === 'insecure');
  }

  // harbor_project → POST /projects (client/project.go ProjectBody).
  const [targetSim, targetAdmin] = harborOf('target');
  const project = await harborGet(targetSim, targetAdmin, `/projects/${state.project!.id}`);
  const metadata = project.metadata as Record<string, string>;
  const p = resource(file, 'harbor_project', 'target');
  expect(arg(p, r.harbor_project!, 'name')).toBe(project.name);
  expect(String(arg(p, r.harbor_project!, 'public'))).toBe(metadata.public);
  expect(String(arg(p, r.harbor_project!, 'vulnerability_scanning'))).toBe(metadata.auto_scan ?? 'false');
  expect(arg(p, r.harbor_project!, 'enable_content_trust')).toBe(
    (metadata.enable_content_trust ?? 'false') === 'true',
  );
  expect(arg(p, r.harbor_project!, 'storage_quota')).toBe(-1);

  // harbor_robot_account → POST /robots, then PATCH of the write-only secret.
  const robotState = state.robot!;
  const [robotSim, robotAdmin] = harborOf(robotState.side);
  const robot = await harborGet(robotSim, robotAdmin, `/robots/${robotState.id}`);
  const ra = resource(file, 'harbor_robot_account', 'replication');
  const rs = r.harbor_robot_account!;
  const permissions = only(ra, 'permissions');
  const namespace = resolve(file, permissions.namespace);
  expect(reference(ra.provider)).toBe(`harbor.${robotState.side}`);
  expect(`robot$${String(namespace)}+${String(arg(ra, rs, 'name'))}`).toBe(robot.name);
  expect(arg(ra, rs, 'level')).toBe(robot.level);
  expect(arg(ra, rs, 'description')).toBe(held(robot, 'description', ''));
  expect(arg(ra, rs, 'duration')).toBe(robot.duration);
  expect(arg(ra, rs, 'disable')).toBe(held(robot, 'disable', false));
  expect(reference(ra.secret_wo)).toBe('var.robot_secret');
  const permissionBlock = rs.blocks!.permissions!;
  const accessBlock = permissionBlock.blocks!.access!;
  const sentPermissions = [
    {
      kind: arg(permissions, permissionBlock, 'kind'),
      namespace,
      access: blocks(permissions, 'access').map((a) => ({
        resource: arg(a, accessBlock, 'resource'),
        action: arg(a, accessBlock, 'action'),
      })),
    },
  ];
  const heldPermissions = (robot.permissions as { kind: string; namespace: string; access: Harbor[] }[]).map(
    (h) => ({
      kind: h.kind,
      namespace: h.namespace,
      access: h.access.map((a) => ({ resource: a.resource, action: a.action })),
    }),
  );
  expect(sentPermissions).toEqual(heldPermissions);

  // harbor_registry → POST /registries (client/registry.go GetRegistryBody).
  const endpointState = state.endpoint!;
  const [ruleSim, ruleAdmin] = harborOf(endpointState.side);
  const registry = await harborGet(ruleSim, ruleAdmin, `/registries/${endpointState.id}`);
  const rg = resource(file, 'harbor_registry', 'remote');
  const gs = r.harbor_registry!;
  expect(reference(rg.provider)).toBe(`harbor.${endpointState.side}`);
  expect(arg(rg, gs, 'provider_name')).toBe(registry.type);
  expect(arg(rg, gs, 'name')).toBe(registry.name);
  expect(arg(rg, gs, 'description')).toBe(held(registry, 'description', ''));
  expect(arg(rg, gs, 'endpoint_url')).toBe(registry.url);
  expect(arg(rg, gs, 'insecure')).toBe(held(registry, 'insecure', false));
  expect(arg(rg, gs, 'access_id')).toBe((registry.credential as Harbor).access_key);
  expect(reference(rg.access_secret)).toBe('var.robot_secret');

  // harbor_replication → POST /replication/policies (client/replication.go GetReplicationBody).
  const policy = await harborGet(ruleSim, ruleAdmin, `/replication/policies/${state.policy!.id}`);
  const rp = resource(file, 'harbor_replication', 'rule');
  const ps = r.harbor_replication!;
  expect(reference(rp.registry_id)).toBe('harbor_registry.remote.registry_id');
  const action = arg(rp, ps, 'action');
  const remote = { id: endpointState.id };
  const schedule = String(arg(rp, ps, 'schedule'));
  const filterSchema = ps.blocks!.filters!;
  const sent = {
    name: arg(rp, ps, 'name'),
    description: arg(rp, ps, 'description') ?? '',
    src_registry: action === 'pull' ? remote : { id: 0 },
    dest_registry: action === 'push' ? remote : { id: 0 },
    dest_namespace: arg(rp, ps, 'dest_namespace') ?? '',
    dest_namespace_replace_count: arg(rp, ps, 'dest_namespace_replace'),
    override: arg(rp, ps, 'override'),
    enabled: arg(rp, ps, 'enabled'),
    deletion: arg(rp, ps, 'deletion'),
    copy_by_chunk: arg(rp, ps, 'copy_by_chunk'),
    single_active_replication: arg(rp, ps, 'single_active_replication'),
    // Harbor keeps any speed ≤ 0 as 0: unlimited, like the provider's default -1.
    speed: Math.max(0, Number(arg(rp, ps, 'speed'))),
    trigger:
      schedule === 'manual' || schedule === 'event_based'
        ? { type: schedule }
        : { type: 'scheduled', trigger_settings: { cron: schedule } },
    filters: blocks(rp, 'filters').map((f) => {
      const decoration = arg(f, filterSchema, 'decoration');
      if (f.name !== undefined) return { type: 'name', value: arg(f, filterSchema, 'name') };
      if (f.tag !== undefined)
        return { type: 'tag', value: String(arg(f, filterSchema, 'tag')).replaceAll(' ', ''), decoration };
      if (f.labels !== undefined)
        return { type: 'label', value: (f.labels as string[]).map((l) => literal(l)), decoration };
      return { type: 'resource', value: arg(f, filterSchema, 'resource') };
    }),
  };
  const heldTrigger = policy.trigger as { type: string; trigger_settings?: { cron?: string } };
  expect(sent).toEqual({
    name: policy.name,
    description: held(policy, 'description', ''),
    src_registry: { id: (policy.src_registry as Harbor | null)?.id ?? 0 },
    dest_registry: { id: (policy.dest_registry as Harbor | null)?.id ?? 0 },
    dest_namespace: held(policy, 'dest_namespace', ''),
    dest_namespace_replace_count: held(policy, 'dest_namespace_replace_count', 0),
    override: held(policy, 'override', false),
    enabled: held(policy, 'enabled', false),
    deletion: held(policy, 'deletion', false),
    copy_by_chunk: held(policy, 'copy_by_chunk', false),
    single_active_replication: held(policy, 'single_active_replication', false),
    speed: held(policy, 'speed', 0),
    trigger:
      heldTrigger.type === 'scheduled'
        ? { type: 'scheduled', trigger_settings: { cron: heldTrigger.trigger_settings?.cron } }
        : { type: heldTrigger.type },
    filters: (policy.filters as Harbor[]).map((f) =>
      f.type === 'tag' || f.type === 'label'
        ? { type: f.type, value: f.value, decoration: f.decoration }
        : { type: f.type, value: f.value },
    ),
  });
}

/** Robot, secret hand-off, endpoint to the other Harbor's URL and the connection test. */
async function robotAndEndpoint(
  browser: Browser,
  id: string,
  robotRequest: Record<string, unknown>,
  endpointRequest: Record<string, unknown>,
): Promise<RobotCreatedResponse> {
  const robot = robotCreatedResponseSchema.parse(
    ok(await browser.post(apiPaths.robot(id), robotRequest), 'robot'),
  );
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
  const defaults = endpointDefaultsSchema.parse(
    ok(await browser.get(apiPaths.endpointDefaults(id)), 'defaults'),
  );
  ok(await browser.put(apiPaths.endpoint(id), { ...endpointRequest, url: defaults.url }), 'endpoint');
  ok(await browser.post(apiPaths.connectionTest(id)), 'connection test');
  return robot;
}

async function exported(browser: Browser, id: string): Promise<{ tf: string; file: HclFile }> {
  const res = await browser.get(apiPaths.exportTerraform(id));
  expect(res.statusCode).toBe(200);
  return { tf: res.body, file: await parseHcl(res.body) };
}

describe('Terraform export of a real setup', () => {
  it('push: a scheduled rule with tag filter, bandwidth, flattening and no override applies the same setup', async () => {
    const { browser, id } = await connectedBrowser(app, sims);
    ok(await browser.put(apiPaths.project(id), { name: 'tf-push', create: true }), 'project');
    const robot = await robotAndEndpoint(
      browser,
      id,
      { name: 'tf-pusher', duration: 30, description: 'Replication "nightly" ${env} %{x}' },
      { name: 'tf-push-target', description: 'b\\c' },
    );
    const sourceProject = sims.source.control.state().projects[0]!.name;
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        name: 'tf-push-rule',
        description: 'nightly "copy"\nsecond line',
        filters: {
          name: `${sourceProject}/**`,
          tag: { decoration: 'excludes', pattern: '*-rc*' },
          labels: { decoration: 'matches', names: [] },
          resource: '',
        },
        destination: { namespace: '', replaceCount: -1 },
        trigger: { type: 'scheduled', cron: '0 30 2 * * *' },
        override: false,
        copyByChunk: true,
        bandwidth: { unlimited: false, value: 3, unit: 'Mbps' },
      }),
      'draft',
    );
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));

    const { tf, file } = await exported(browser, id);
    await expectSameSetup(file, state);
    expect(tf).not.toContain(robot.secret);
    expect(tf).not.toContain(TARGET_ADMIN.password);
    expect(tf).not.toContain(SOURCE_ADMIN.password);

    const bundleRes = await browser.get(apiPaths.exportBundle(id));
    const bundle = setupBundleSchema.parse(bundleRes.json());
    expect(bundle.robot?.request?.duration).toBe(30);
    for (const secret of [robot.secret, TARGET_ADMIN.password, SOURCE_ADMIN.password])
      expect(bundleRes.body).not.toContain(secret);
  });

  it('pull: a disabled manual rule into a public project, endpoint without certificate check, applies the same setup', async () => {
    const { browser, id } = await connectedBrowser(app, sims, 'pull');
    const sourceProject = sims.source.control.state().projects[0]!.name;
    ok(
      await browser.put(apiPaths.project(id), {
        name: 'tf-pulled',
        create: true,
        public: true,
        sourceProject,
      }),
      'project',
    );
    const robot = await robotAndEndpoint(
      browser,
      id,
      { name: 'tf-puller', duration: -1 },
      { name: 'tf-pull-source', verifyRemoteCert: false },
    );
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        name: 'tf-pull-rule',
        filters: {
          name: `${sourceProject}/**`,
          tag: { decoration: 'matches', pattern: 'v*' },
          labels: { decoration: 'matches', names: [] },
          resource: '',
        },
        destination: { namespace: 'tf-pulled', replaceCount: 1 },
        trigger: { type: 'manual', cron: '' },
        enabled: false,
        bandwidth: { unlimited: true, unit: 'Mbps' },
      }),
      'draft',
    );
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));

    const { tf, file } = await exported(browser, id);
    await expectSameSetup(file, state);
    expect(literal(resource(file, 'harbor_replication', 'rule').action)).toBe('pull');
    expect(resource(file, 'harbor_project', 'target').public).toBe(true);
    expect(tf).not.toContain(robot.secret);
  });
});
