// The push setup driven step by step through the server's API (the same calls the web app makes),
// so the benchmarks measure the product's real path to the preview and to the execution timeline.
import type {
  ChooseProjectRequest,
  ConnectRequest,
  CreateEndpointRequest,
  CreateRobotRequest,
  Execution,
  PreviewRequest,
  RuleFilters,
  SetupState,
} from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import type { ApiClient } from './api-client.ts';

export type HarborLogin = { url: string; admin: { username: string; password: string } };

export async function startSetup(client: ApiClient, mode: 'push' | 'pull' = 'push'): Promise<SetupState> {
  if (!client.csrf) await client.start();
  return (await client.post<SetupState>(apiPaths.setups, { mode })).body;
}

export async function connect(
  client: ApiClient,
  setupId: string,
  side: 'source' | 'target',
  harbor: HarborLogin,
): Promise<SetupState> {
  const body: ConnectRequest = {
    url: harbor.url,
    username: harbor.admin.username,
    password: harbor.admin.password,
    tls: { mode: 'verify' },
  };
  return (await client.post<SetupState>(apiPaths.connect(setupId, side), body)).body;
}

/** Target connected, project chosen, robot created and handed off, source connected, endpoint saved and tested. */
export async function pushSetupToRule(
  client: ApiClient,
  harbors: { source: HarborLogin; target: HarborLogin },
  names: { project: string; robot: string; endpoint: string },
): Promise<SetupState> {
  const setup = await startSetup(client, 'push');
  const id = setup.id;
  await connect(client, id, 'target', harbors.target);
  const project: ChooseProjectRequest = { name: names.project, create: true, public: false };
  await client.put(apiPaths.project(id), project);
  const robot: CreateRobotRequest = {
    name: names.robot,
    description: 'bench',
    duration: -1,
    deletion: false,
    onConflict: 'fail',
  };
  await client.post(apiPaths.robot(id), robot);
  await client.post(apiPaths.robotHandOff(id), { stored: true });
  await connect(client, id, 'source', harbors.source);
  const endpoint: CreateEndpointRequest = {
    name: names.endpoint,
    description: 'bench',
    url: harbors.target.url,
    verifyRemoteCert: true,
  };
  await client.put(apiPaths.endpoint(id), endpoint);
  await client.post(apiPaths.connectionTest(id));
  return (await client.get<SetupState>(apiPaths.setup(id))).body;
}

export function filters(name: string, tag = ''): RuleFilters {
  return {
    name,
    tag: { decoration: 'matches', pattern: tag },
    labels: { decoration: 'matches', names: [] },
    resource: '',
  };
}

export function previewRequest(filter: RuleFilters, page = 1, pageSize = 25): PreviewRequest {
  return { filters: filter, destination: { namespace: '', replaceCount: 1 }, page, pageSize };
}

/** Saves a manual-trigger rule with these filters and creates the policy on the source. */
export async function createManualRule(
  client: ApiClient,
  setupId: string,
  name: string,
  filter: RuleFilters,
): Promise<SetupState> {
  await client.put(apiPaths.ruleDraft(setupId), {
    name,
    description: 'bench',
    filters: filter,
    destination: { namespace: '', replaceCount: 1 },
    trigger: { type: 'manual', cron: '' },
    deletion: false,
    override: true,
    copyByChunk: false,
    singleActiveReplication: false,
    enabled: true,
    bandwidth: { unlimited: true, unit: 'Mbps' },
  });
  return (await client.put<SetupState>(apiPaths.rule(setupId))).body;
}

export async function replicateNow(client: ApiClient, setupId: string): Promise<Execution> {
  return (await client.post<Execution>(apiPaths.executions(setupId))).body;
}
