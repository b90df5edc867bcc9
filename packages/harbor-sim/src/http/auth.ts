import type { Project, Robot, User } from '../state/model.ts';
import { hashSecret, type Store } from '../state/store.ts';
import { forbidden, unauthorized } from './errors.ts';
import { PROJECT_POLICIES, PUBLIC_PROJECT, ROLE_POLICIES } from '../harbor-rules.ts';

export type Principal =
  { kind: 'anonymous' } | { kind: 'user'; user: User } | { kind: 'robot'; robot: Robot; name: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Basic credentials → principal. Wrong credentials, and expired or disabled robots, give the anonymous
 * principal (Harbor continues the request as anonymous; only handlers that need a caller answer 401).
 */
export function authenticateBasic(
  store: Store,
  credentials: { username: string; password: string } | undefined,
  nowMs: number,
): Principal {
  if (!credentials) return ANONYMOUS;
  const { username, password } = credentials;
  if (username.startsWith(store.robotPrefix)) {
    const robot = store.robotByStoredName(username.slice(store.robotPrefix.length));
    if (!robot || robot.disabled) return ANONYMOUS;
    if (hashSecret(password, robot.salt) !== robot.secretHash) return ANONYMOUS;
    if (robot.expiresAt !== -1 && robot.expiresAt <= Math.floor(nowMs / 1000)) return ANONYMOUS;
    return { kind: 'robot', robot, name: username };
  }
  const user = store.userByName(username);
  if (!user || user.password !== password) return ANONYMOUS;
  return { kind: 'user', user };
}

export const isAuthenticated = (p: Principal): boolean => p.kind !== 'anonymous';
export const isSysAdmin = (p: Principal): boolean => p.kind === 'user' && p.user.sysadmin;

export function principalName(p: Principal): string {
  if (p.kind === 'user') return p.user.username;
  if (p.kind === 'robot') return p.name;
  return 'anonymous';
}

function robotGrants(
  robot: Robot,
  kind: string,
  namespace: string,
  resource: string,
  action: string,
): boolean {
  // `common/security/robot/context.go` `Can`: a system-level robot gets the system evaluator when it
  // holds any system-scope pair, and the project evaluator only otherwise (`else if`), so its
  // project pairs count for nothing next to a system pair.
  if (kind === 'project' && robot.level === 'system' && robot.permissions.some((p) => p.kind === 'system'))
    return false;
  return robot.permissions.some(
    (perm) =>
      perm.kind === kind &&
      (perm.namespace === namespace || perm.namespace === '*') &&
      perm.access.some(
        (a) => (a.resource === resource || a.resource === '*') && (a.action === action || a.action === '*'),
      ),
  );
}

/** `secCtx.Can` for a project; `project` undefined stands for Harbor's "project 0" (does not exist). */
export function canProject(
  p: Principal,
  project: Project | undefined,
  resource: string,
  action: string,
): boolean {
  if (isSysAdmin(p)) return true;
  if (!project) return false;
  const key = `${resource}:${action}`;
  if (project.public && PUBLIC_PROJECT.has(key)) return true;
  if (p.kind === 'user') {
    const role = p.user.memberships.get(project.id);
    return role ? ROLE_POLICIES[role].has(key) : false;
  }
  if (p.kind === 'robot') return robotGrants(p.robot, 'project', project.name, resource, action);
  return false;
}

export function canSystem(p: Principal, resource: string, action: string): boolean {
  if (isSysAdmin(p)) return true;
  return p.kind === 'robot' && robotGrants(p.robot, 'system', '/', resource, action);
}

/** All project-scope pairs the principal holds in a project (for `/users/current/permissions`). */
export function projectPermissions(
  p: Principal,
  project: Project | undefined,
): { resource: string; action: string }[] {
  return [...PROJECT_POLICIES]
    .filter((key) => {
      const [resource, action] = key.split(':') as [string, string];
      return canProject(p, project, resource, action);
    })
    .map((key) => {
      const [resource, action] = key.split(':') as [string, string];
      return { resource, action };
    });
}

export function requireAuthenticated(p: Principal): void {
  if (!isAuthenticated(p)) throw unauthorized();
}

/** `RequireSystemAccess`: 401 when anonymous, else 403 whose message is the caller's user name. */
export function requireSystemAccess(p: Principal, resource: string, action: string): void {
  if (canSystem(p, resource, action)) return;
  if (!isAuthenticated(p)) throw unauthorized();
  throw forbidden(principalName(p));
}

/** `RequireProjectAccess`: 401 when anonymous, else 403 "forbidden". */
export function requireProjectAccess(
  p: Principal,
  project: Project | undefined,
  resource: string,
  action: string,
): void {
  if (canProject(p, project, resource, action)) return;
  if (!isAuthenticated(p)) throw unauthorized();
  throw forbidden();
}
