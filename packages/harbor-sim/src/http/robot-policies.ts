import { isAtLeast, SYSTEM_POLICIES, type HarborVersion } from '../harbor-rules.ts';

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

const cache = new Map<string, ReadonlySet<string>>();

/**
 * The `{resource}:{action}` pairs a `kind: system` robot permission may hold in this version:
 * what robot create/update accept (`handler/robot.go` `validate`, "bad request permission: r:a")
 * and what `GET /permissions` lists. Before 2.10 Harbor had no system-scope table for robots.
 */
export function systemRobotPolicies(version: HarborVersion): ReadonlySet<string> {
  const key = isAtLeast(version, 2, 10) ? 'scoped' : 'legacy';
  let set = cache.get(key);
  if (!set) {
    set = new Set(key === 'scoped' ? [...SYSTEM_POLICIES, ...POLICIES_MAP_SYSTEM_2_10] : SYSTEM_POLICIES);
    cache.set(key, set);
  }
  return set;
}
