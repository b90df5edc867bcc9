// Harbor's RBAC tables (`common/rbac/const.go`, `common/rbac/project/rbac_role.go`) as far as the
// replication workflow can observe them: which {resource, action} pairs a robot may be granted
// (as "resource:action"), and what each project role may do.

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
