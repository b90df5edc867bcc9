// Harbor's RBAC tables (`common/rbac/const.go`, `common/rbac/project/rbac_role.go`) as far as the
// replication workflow can observe them: which {resource, action} pairs a robot may be granted
// (as "resource:action"), per Harbor version, and what each project role may do.
import { isAtLeast, type HarborVersion } from './capabilities.ts';

export type ProjectRole = 'projectAdmin' | 'maintainer' | 'developer' | 'guest';

const pairs = (resource: string, ...actions: string[]): string[] => actions.map((a) => `${resource}:${a}`);

export const PROJECT_POLICIES: ReadonlySet<string> = new Set([
  ...pairs('project', 'read', 'update', 'delete'),
  ...pairs('metadata', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('repository', 'list', 'pull', 'push', 'delete', 'read', 'update'),
  ...pairs('artifact', 'list', 'read', 'create', 'delete'),
  ...pairs('tag', 'list', 'create', 'delete'),
  ...pairs('accessory', 'list'),
  ...pairs('artifact-addition', 'read'),
  ...pairs('artifact-label', 'create', 'delete'),
  ...pairs('scan', 'create', 'stop', 'read'),
  ...pairs('sbom', 'create', 'stop', 'read'),
  ...pairs('label', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('member', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('log', 'list'),
  ...pairs('robot', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('immutable-tag', 'list', 'create', 'update', 'delete'),
  ...pairs('tag-retention', 'list', 'read', 'create', 'update', 'delete', 'operate'),
  ...pairs('notification-policy', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('preheat-policy', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('quota', 'read'),
]);

export const SYSTEM_POLICIES: ReadonlySet<string> = new Set([
  ...pairs('audit-log', 'list'),
  ...pairs('project', 'list', 'create'),
  ...pairs('registry', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('replication', 'list', 'read', 'create'),
  ...pairs('replication-adapter', 'list'),
  ...pairs('replication-policy', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('distribution', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('garbage-collection', 'list', 'read', 'create', 'update', 'stop'),
  ...pairs('scan-all', 'read', 'create', 'update', 'stop'),
  ...pairs('label', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('robot', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('user', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('user-group', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('configuration', 'read', 'update'),
  ...pairs('quota', 'list', 'read', 'update'),
  ...pairs('scanner', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('catalog', 'read'),
  ...pairs('export-cve', 'create', 'read'),
  ...pairs('security-hub', 'read', 'list'),
]);

/**
 * `rbac.PoliciesMap["System"]` entries of 2.10 (`src/common/rbac/const.go`) that SYSTEM_POLICIES
 * does not list. The job service monitor has `list` (GET /jobservice/pools, /workers, /queues) and
 * `stop` (PUT /jobservice/jobs/{id} and /jobservice/queues/{job_type}), as
 * `handler/jobservice.go` requires them; there is no `read`.
 */
const SYSTEM_SINCE_2_10 = [
  ...pairs('jobservice-monitor', 'list', 'stop'),
  ...pairs('purge-audit', 'read', 'create', 'list', 'update', 'stop'),
  ...pairs('preheat-instance', 'read', 'create', 'delete', 'list', 'update'),
  ...pairs('system-volumes', 'read'),
];

/**
 * What `NolimitProvider.GetPermissions(ScopeProject)` (`src/common/rbac/const.go`, 2.12, the
 * "robot expand permission" change) appends to `PoliciesMap["Project"]`: before 2.12 a robot could
 * not be granted robot or member permissions in a project (`handler/robot.go` `validate` answers
 * "bad request permission: robot:read").
 */
const PROJECT_SINCE_2_12 = new Set([
  ...pairs('robot', 'list', 'read', 'create', 'update', 'delete'),
  ...pairs('member', 'list', 'read', 'create', 'update', 'delete'),
]);

export type RobotPolicies = { system: ReadonlySet<string>; project: ReadonlySet<string> };

const SYSTEM_2_10: ReadonlySet<string> = new Set([...SYSTEM_POLICIES, ...SYSTEM_SINCE_2_10]);
const PROJECT_2_10: ReadonlySet<string> = new Set(
  [...PROJECT_POLICIES].filter((pair) => !PROJECT_SINCE_2_12.has(pair)),
);

/**
 * The `{resource}:{action}` pairs robot create and update accept per permission `kind` on this
 * version (`handler/robot.go` `validate`, "bad request permission: r:a"), which `GET /permissions`
 * also lists. Null before 2.10: Harbor checked no pair at all, and a `kind: system` permission
 * granted nothing (system-scope robot permissions, `common/security/robot/context.go`, came with
 * 2.10).
 */
export function robotPolicies(version: HarborVersion): RobotPolicies | null {
  if (!isAtLeast(version, 2, 10)) return null;
  return { system: SYSTEM_2_10, project: isAtLeast(version, 2, 12) ? PROJECT_POLICIES : PROJECT_2_10 };
}

const READ_ONLY = [
  ...pairs('project', 'read'),
  ...pairs('metadata', 'list', 'read'),
  ...pairs('repository', 'list', 'pull', 'read'),
  ...pairs('artifact', 'list', 'read'),
  ...pairs('tag', 'list'),
  ...pairs('accessory', 'list'),
  ...pairs('artifact-addition', 'read'),
  ...pairs('label', 'list', 'read'),
  ...pairs('scan', 'read'),
];

/** What anyone (anonymous included) may do in a public project. */
export const PUBLIC_PROJECT: ReadonlySet<string> = new Set(READ_ONLY);

const GUEST = [
  ...READ_ONLY,
  ...pairs('member', 'list', 'read'),
  ...pairs('log', 'list'),
  ...pairs('quota', 'read'),
];
const DEVELOPER = [
  ...GUEST,
  ...pairs('repository', 'push'),
  ...pairs('artifact', 'create'),
  ...pairs('tag', 'create'),
  ...pairs('artifact-label', 'create', 'delete'),
  ...pairs('scan', 'create', 'stop'),
  ...pairs('robot', 'list', 'read'),
];
const MAINTAINER = [
  ...DEVELOPER,
  ...pairs('repository', 'delete', 'update'),
  ...pairs('artifact', 'delete'),
  ...pairs('tag', 'delete'),
  ...pairs('label', 'create', 'update', 'delete'),
  ...pairs('immutable-tag', 'list', 'create', 'update', 'delete'),
  ...pairs('tag-retention', 'list', 'read', 'create', 'update', 'delete', 'operate'),
];

export const ROLE_POLICIES: Record<ProjectRole, ReadonlySet<string>> = {
  guest: new Set(GUEST),
  developer: new Set(DEVELOPER),
  maintainer: new Set(MAINTAINER),
  // Only the project admin (and the sysadmin) may create robots (`rbac_role.go:74-78`).
  projectAdmin: PROJECT_POLICIES,
};
