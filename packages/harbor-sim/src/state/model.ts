// In-memory records of one simulated Harbor. Field names follow Harbor's DB models, not the API
// models: routes convert them (omitempty, key order) when they answer.

import type { ProjectRole } from '@hw/harbor-client';

export type { ProjectRole };

export type User = {
  id: number;
  username: string;
  password: string;
  email: string;
  realname: string;
  sysadmin: boolean;
  creationTime: Date;
  memberships: Map<number, ProjectRole>;
};

export type Project = {
  id: number;
  name: string;
  public: boolean;
  ownerId: number;
  ownerName: string;
  creationTime: Date;
  updateTime: Date;
};

export type Label = {
  id: number;
  name: string;
  description: string;
  color: string;
  scope: 'g' | 'p';
  projectId: number;
  creationTime: Date;
  updateTime: Date;
};

export type Tag = { id: number; name: string; pushTime: Date };

export type Artifact = {
  id: number;
  digest: string;
  mediaType: string;
  manifest: string;
  size: number;
  pushTime: Date;
  tags: Tag[];
  labelIds: number[];
};

export type Repository = {
  id: number;
  projectId: number;
  /** Full name including the project, e.g. `team/app/web`. */
  name: string;
  creationTime: Date;
  updateTime: Date;
  artifacts: Artifact[];
};

export type Access = { resource: string; action: string; effect?: string };
export type RobotPermission = { kind: string; namespace: string; access: Access[] };

export type Robot = {
  id: number;
  /** Stored name: `<project>+<name>` for project robots, `<name>` for system robots. */
  storedName: string;
  description: string;
  level: 'system' | 'project';
  projectId: number;
  duration: number;
  expiresAt: number;
  disabled: boolean;
  secretHash: string;
  salt: string;
  permissions: RobotPermission[];
  creatorType: 'local' | 'robot';
  creatorRef: number;
  creationTime: Date;
  updateTime: Date;
};

export type RegistryRecord = {
  id: number;
  name: string;
  description: string;
  type: string;
  url: string;
  insecure: boolean;
  caCertificate?: string;
  credentialType: string;
  accessKey: string;
  accessSecret: string;
  status: 'healthy' | 'unhealthy';
  creationTime: Date;
  updateTime: Date;
};

export type FilterRecord = { type: string; value: unknown; decoration?: string };

export type PolicyRecord = {
  id: number;
  name: string;
  description: string;
  creator: string;
  srcRegistryId: number;
  destRegistryId: number;
  destNamespace: string;
  destNamespaceReplaceCount: number;
  filters: FilterRecord[];
  trigger?: { type: string; cron?: string };
  deletion: boolean;
  override: boolean;
  enabled: boolean;
  speed: number;
  copyByChunk: boolean;
  singleActiveReplication: boolean;
  creationTime: Date;
  updateTime: Date;
};

/** Harbor's internal (jobservice) status names; the API translates them. */
export type TaskStatus = 'Pending' | 'Scheduled' | 'Running' | 'Success' | 'Error' | 'Stopped';
export type ExecutionStatus = 'Running' | 'Success' | 'Error' | 'Stopped';
export type ExecutionTrigger = 'MANUAL' | 'SCHEDULE' | 'EVENT';

export type TaskRecord = {
  id: number;
  executionId: number;
  jobId: string;
  status: TaskStatus;
  operation: 'copy' | 'deletion' | 'tag deletion';
  resourceType: string;
  srcResource: string;
  dstResource: string;
  startTime: Date;
  endTime?: Date;
  /** When its job entered the job service queue (the queue latency counts from the oldest one). */
  enqueuedAt: Date;
  log: string[];
  stopRequested: boolean;
};

export type ExecutionRecord = {
  id: number;
  policyId: number;
  status: ExecutionStatus;
  statusText: string;
  trigger: ExecutionTrigger;
  startTime: Date;
  endTime?: Date;
  tasks: TaskRecord[];
  stopRequested: boolean;
};
