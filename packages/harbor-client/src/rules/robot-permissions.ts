// Least-privilege robot permissions for replication: derived from the exact calls the Harbor that
// runs the rule makes with the robot's credentials (docs/harbor-behaviour.md, "Robot permissions for
// replication").
import type { HarborRobotPermission } from '../types.ts';
import { PROJECT_POLICIES, SYSTEM_POLICIES } from './rbac.ts';
import { fail, OK, type RuleCheck } from './rule-check.ts';

export type ReplicationMode = 'push' | 'pull';

type PresetOptions = { mode: ReplicationMode; project: string; deletion: boolean };

type ExplainedAccess = { resource: string; action: string; why: string };

function presetAccess({ mode, deletion }: PresetOptions): ExplainedAccess[] {
  if (mode === 'pull') {
    // The robot lives on the source; the target's rule lists and pulls through it. Deletion is
    // only replicated by event-based rules on a local source, so a pull rule never deletes there.
    return [
      {
        resource: 'repository',
        action: 'list',
        why: 'list the repositories the name filter is matched against',
      },
      { resource: 'repository', action: 'pull', why: 'read manifests and blobs of the images being copied' },
      {
        resource: 'artifact',
        action: 'list',
        why: 'list artifacts with their tags and labels for the tag and label filters',
      },
      {
        resource: 'artifact',
        action: 'read',
        why: 'read artifacts by digest, which Harbor does for signatures and other accessories',
      },
    ];
  }
  const access: ExplainedAccess[] = [
    {
      resource: 'repository',
      action: 'pull',
      why: 'check which manifests and blobs already exist on the target (HEAD requests)',
    },
    { resource: 'repository', action: 'push', why: 'upload blobs and manifests into the target project' },
  ];
  if (deletion) {
    access.push(
      {
        resource: 'repository',
        action: 'delete',
        why: 'delete a manifest on the target when it is deleted on the source',
      },
      {
        resource: 'tag',
        action: 'delete',
        why: 'delete a tag on the target when it is deleted on the source',
      },
    );
  }
  return access;
}

/** The `permissions` of `POST /robots` for a project robot in `project`. */
export function replicationRobotPermissions(options: PresetOptions): HarborRobotPermission[] {
  return [
    {
      kind: 'project',
      namespace: options.project,
      access: presetAccess(options).map(({ resource, action }) => ({ resource, action })),
    },
  ];
}

/** The same permissions, each with the reason the replication needs it. */
export function explainRobotPermissions(options: PresetOptions): ExplainedAccess[] {
  return presetAccess(options);
}

/**
 * Checks edited permissions before `POST /robots`: what Harbor validates (its 400 messages, in its
 * order, including the allowed {resource, action} pairs) and the portal's refusal of push without pull.
 */
export function checkRobotPermissions(permissions: readonly HarborRobotPermission[]): RuleCheck {
  if (permissions.length === 0) return fail('bad request empty permission');
  for (const permission of permissions) {
    if (!permission.access || permission.access.length === 0) return fail('bad request empty access');
  }
  for (const permission of permissions) {
    if (permission.kind !== 'system' && permission.kind !== 'project') {
      return fail(`bad request permission level: ${permission.kind ?? ''}`);
    }
  }
  for (const permission of permissions) {
    const allowed = permission.kind === 'system' ? SYSTEM_POLICIES : PROJECT_POLICIES;
    for (const { resource = '', action = '' } of permission.access ?? []) {
      if (!allowed.has(`${resource}:${action}`)) return fail(`bad request permission: ${resource}:${action}`);
    }
  }
  for (const permission of permissions) {
    const access = permission.access ?? [];
    const has = (action: string) => access.some((a) => a.resource === 'repository' && a.action === action);
    if (has('push') && !has('pull')) {
      return fail('Push permission can not work alone, it must work with pull permission');
    }
  }
  return OK;
}
