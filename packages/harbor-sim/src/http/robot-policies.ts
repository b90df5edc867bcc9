import { SYSTEM_POLICIES } from '../harbor-rules.ts';

const pairs = (resource: string, ...actions: string[]): string[] => actions.map((a) => `${resource}:${a}`);

/**
 * `rbac.PoliciesMap["System"]` entries (`src/common/rbac/const.go`, 2.10+) that the shared table of
 * `@hw/harbor-client` does not list. The job service monitor is there with `list` (GET
 * /jobservice/pools, /workers, /queues) and `stop` (PUT /jobservice/jobs/{id} and
 * /jobservice/queues/{job_type}), as `handler/jobservice.go` requires them; there is no `read`.
 */
const POLICIES_MAP_SYSTEM_2_10 = [
  ...pairs('jobservice-monitor', 'list', 'stop'),
  ...pairs('purge-audit', 'read', 'create', 'list', 'update', 'stop'),
  ...pairs('preheat-instance', 'read', 'create', 'delete', 'list', 'update'),
  ...pairs('system-volumes', 'read'),
];

/**
 * The `{resource}:{action}` pairs a `kind: system` robot permission may hold: what robot create and
 * update accept (`handler/robot.go` `validate`, "bad request permission: r:a") and what
 * `GET /permissions` lists. Both exist since 2.10; before, Harbor checked no pair at all.
 */
export const SYSTEM_ROBOT_POLICIES: ReadonlySet<string> = new Set([
  ...SYSTEM_POLICIES,
  ...POLICIES_MAP_SYSTEM_2_10,
]);
