// The typed Harbor client: one object per Harbor resource the wizard touches, all sharing one
// transport (auth, timeout, retries, HarborError).
import type { components } from '../generated/harbor.d.ts';
import type {
  HarborArtifact,
  HarborCurrentUser,
  HarborLabel,
  HarborPermission,
  HarborProject,
  HarborProjectReq,
  HarborRegistry,
  HarborRegistryInfo,
  HarborRegistryPing,
  HarborRegistryUpdate,
  HarborReplicationExecution,
  HarborReplicationPolicy,
  HarborReplicationTask,
  HarborRepository,
  HarborRobot,
  HarborRobotCreate,
  HarborRobotCreated,
  HarborRobotSec,
  HarborSystemInfo,
} from '../types.ts';
import { createArtifactsApi, createLabelsApi, createRepositoriesApi } from './catalog.ts';
import type { Page, PageQuery } from './pagination.ts';
import { createProjectsApi } from './projects.ts';
import type { RegistryTokenGrant } from './registry-token.ts';
import { requestRegistryToken } from './registry-token.ts';
import { createRegistriesApi } from './registries.ts';
import type { HarborJobQueue, HarborQueueAction, HarborWorker, HarborWorkerPool } from './jobservice.ts';
import { createJobServiceApi } from './jobservice.ts';
import { createExecutionsApi, createPoliciesApi } from './replication.ts';
import { createRobotsApi } from './robots.ts';
import { createSystemApi } from './system.ts';
import { createTransport, type TransportOptions } from './transport.ts';

export type { Page, PageQuery } from './pagination.ts';
export type { HarborJobQueue, HarborQueueAction, HarborWorker, HarborWorkerPool } from './jobservice.ts';
export { REPLICATION_JOB_TYPE } from './jobservice.ts';
export { expiryAfterDurationChange } from './robots.ts';
export { collectAll, paginate } from './pagination.ts';
export type { RegistryTokenAccess, RegistryTokenGrant } from './registry-token.ts';

export type HarborClientOptions = TransportOptions;

export type HarborClient = {
  baseUrl: string;
  version(): Promise<{ version: string }>;
  ping(): Promise<string>;
  systemInfo(): Promise<HarborSystemInfo>;
  currentUser(): Promise<HarborCurrentUser>;
  currentUserPermissions(scope: string, relative?: boolean): Promise<HarborPermission[]>;
  robotPermissions(): Promise<components['schemas']['Permissions']>;
  projects: {
    exists(name: string): Promise<boolean>;
    list(q?: PageQuery & { name?: string; query?: string }): Promise<Page<HarborProject>>;
    findByName(name: string): Promise<HarborProject | null>;
    get(nameOrId: string | number): Promise<HarborProject>;
    create(req: HarborProjectReq): Promise<{ id: number }>;
    delete(nameOrId: string | number): Promise<void>;
  };
  robots: {
    create(req: HarborRobotCreate): Promise<HarborRobotCreated>;
    get(id: number): Promise<HarborRobot>;
    listByProject(projectId: number, q?: PageQuery): Promise<Page<HarborRobot>>;
    listSystem(q?: PageQuery): Promise<Page<HarborRobot>>;
    update(id: number, robot: HarborRobot): Promise<void>;
    refreshSecret(id: number, secret?: string): Promise<HarborRobotSec>;
    delete(id: number): Promise<void>;
  };
  labels: { listGlobal(q?: PageQuery): Promise<Page<HarborLabel>> };
  repositories: {
    list(project: string, q?: PageQuery & { query?: string }): Promise<Page<HarborRepository>>;
    listAll(q?: PageQuery & { query?: string }): Promise<Page<HarborRepository>>;
  };
  artifacts: {
    list(
      project: string,
      repository: string,
      q?: PageQuery & { withTag?: boolean; withLabel?: boolean },
    ): Promise<Page<HarborArtifact>>;
  };
  registries: {
    list(q?: PageQuery & { name?: string }): Promise<Page<HarborRegistry>>;
    get(id: number): Promise<HarborRegistry>;
    create(req: HarborRegistry): Promise<{ id: number }>;
    update(id: number, req: HarborRegistryUpdate): Promise<void>;
    delete(id: number): Promise<void>;
    ping(req: HarborRegistryPing): Promise<void>;
    info(id: number): Promise<HarborRegistryInfo>;
    adapters(): Promise<string[]>;
  };
  policies: {
    list(q?: PageQuery & { name?: string }): Promise<Page<HarborReplicationPolicy>>;
    get(id: number): Promise<HarborReplicationPolicy>;
    create(p: HarborReplicationPolicy): Promise<{ id: number }>;
    update(id: number, p: HarborReplicationPolicy): Promise<void>;
    delete(id: number): Promise<void>;
  };
  executions: {
    start(policyId: number): Promise<{ id: number }>;
    list(
      q?: PageQuery & { policyId?: number; status?: string; trigger?: string; sort?: string },
    ): Promise<Page<HarborReplicationExecution>>;
    get(id: number): Promise<HarborReplicationExecution>;
    stop(id: number): Promise<null>;
    tasks(id: number, q?: PageQuery & { status?: string }): Promise<Page<HarborReplicationTask>>;
    taskLog(id: number, taskId: number): Promise<string>;
  };
  jobService: {
    queues(): Promise<HarborJobQueue[]>;
    queueAction(jobType: string, action: HarborQueueAction): Promise<void>;
    stopJob(jobId: string): Promise<void>;
    pools(): Promise<HarborWorkerPool[]>;
    workers(poolId?: string): Promise<HarborWorker[]>;
  };
  registryToken(scope: string): Promise<RegistryTokenGrant>;
};

export function createHarborClient(options: HarborClientOptions): HarborClient {
  const transport = createTransport(options);
  return {
    baseUrl: transport.baseUrl,
    ...createSystemApi(transport),
    projects: createProjectsApi(transport),
    robots: createRobotsApi(transport),
    labels: createLabelsApi(transport),
    repositories: createRepositoriesApi(transport),
    artifacts: createArtifactsApi(transport),
    registries: createRegistriesApi(transport),
    policies: createPoliciesApi(transport),
    executions: createExecutionsApi(transport),
    jobService: createJobServiceApi(transport),
    registryToken: (scope) => requestRegistryToken(transport, scope),
  };
}
