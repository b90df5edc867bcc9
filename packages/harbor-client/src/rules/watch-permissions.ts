// The least-privilege robots that watch a replication rule after setup, one per Harbor, from
// Harbor's own RBAC tables per version (rbac.ts `robotPolicies`).
//
// `common/security/robot/context.go` `Can` (2.10+): a system-level robot that holds ANY
// system-scope permission is evaluated against its system permissions only, so its project-scope
// permissions count for nothing. A single robot cannot read replication executions (system scope)
// and a project's robot (project scope): the rule's Harbor gets system-scope read/list only, and the
// Harbor of the replication robot a system-level robot with only project-scope robot read/list.
import { isAtLeast, parseHarborVersion, type HarborVersion } from './capabilities.ts';
import { robotPolicies } from './rbac.ts';

export type WatchSide = 'source' | 'target';
type Access = { resource: string; action: string };

export type WatchRobotPermission = { kind: 'system' | 'project'; namespace: string; access: Access[] };

/** One watch robot, as the plan shows it and the create request sends it. */
export type WatchRobotSpec = {
  side: WatchSide;
  harborUrl: string;
  harborVersion: string | null;
  /** The name Harbor stores, with its default robot prefix. */
  name: string;
  /** The name sent in the create request. */
  requestName: string;
  level: 'system';
  permissions: WatchRobotPermission[];
  can: string[];
  cannot: string[];
  limitations: string[];
  readsReplicationRobot: boolean;
  readsJobService: boolean;
};

export type WatchRobotsPlan = { possible: boolean; message: string | null; robots: WatchRobotSpec[] };

export type WatchedHarborFacts = { url: string; version: string | null };

export type WatchPlanInput = {
  /** The Harbor that runs the rule (its executions, its endpoint). */
  ruleSide: WatchSide;
  harbors: Record<WatchSide, WatchedHarborFacts>;
  /** The project of the replication robot, on the other Harbor. */
  robotProject: string;
  /** Six hex digits: the robots are `replication-watch-<suffix>`. */
  suffix: string;
};

const WATCH_NAME = /^replication-watch-[0-9a-f]{6}$/;

export function watchRobotName(suffix: string): string {
  const name = `replication-watch-${suffix}`;
  if (!WATCH_NAME.test(name)) throw new Error(`invalid watch robot suffix: ${suffix}`);
  return name;
}

/** The rule's Harbor: what the poller reads, each a {resource, action} of `PoliciesMap["System"]`. */
const RULE_SIDE_READS: { access: Access; words: string }[] = [
  {
    access: { resource: 'replication-policy', action: 'list' },
    words: 'List the replication rules (replication-policy: list)',
  },
  {
    access: { resource: 'replication-policy', action: 'read' },
    words:
      'Read a replication rule: its trigger, schedule and whether it is enabled (replication-policy: read)',
  },
  {
    access: { resource: 'replication', action: 'list' },
    words: 'List replication executions and their tasks (replication: list)',
  },
  {
    access: { resource: 'replication', action: 'read' },
    words: 'Read a replication execution, its tasks and their logs (replication: read)',
  },
  {
    access: { resource: 'registry', action: 'list' },
    words: 'List the registry endpoints (registry: list)',
  },
  {
    access: { resource: 'registry', action: 'read' },
    words: "Read a registry endpoint and Harbor's health check of it (registry: read)",
  },
  {
    access: { resource: 'jobservice-monitor', action: 'list' },
    words:
      "List the job service's queues, pools and workers, to see a paused or growing queue (jobservice-monitor: list)",
  },
];

const RULE_SIDE_CANNOT = [
  'Create, change, delete, start or stop anything: no rule, execution, endpoint, project, robot account or user',
  'Pull or push images, or read what any project holds',
  'Stop a job or pause a job service queue (jobservice-monitor: stop is not granted)',
  "Read or change Harbor's configuration, users or robot accounts",
];

const versionLabel = (v: HarborVersion) => `${v.major}.${v.minor}`;

function ruleSideRobot(input: WatchPlanInput, version: HarborVersion, name: string): WatchRobotSpec {
  const harbor = input.harbors[input.ruleSide];
  const allowed = robotPolicies(version)?.system ?? new Set<string>();
  const reads = RULE_SIDE_READS.filter((r) => allowed.has(`${r.access.resource}:${r.access.action}`));
  const readsJobService = reads.some((r) => r.access.resource === 'jobservice-monitor');
  return {
    side: input.ruleSide,
    harborUrl: harbor.url,
    harborVersion: harbor.version,
    name: `robot$${name}`,
    requestName: name,
    level: 'system',
    permissions: [{ kind: 'system', namespace: '/', access: reads.map((r) => r.access) }],
    can: reads.map((r) => r.words),
    cannot: RULE_SIDE_CANNOT,
    limitations: readsJobService
      ? []
      : [
          `Harbor ${versionLabel(version)} cannot grant a robot the job service monitor: a paused or growing queue is not seen.`,
        ],
    readsReplicationRobot: false,
    readsJobService,
  };
}

function otherSideRobot(input: WatchPlanInput, name: string): WatchRobotSpec {
  const side = other(input.ruleSide);
  const harbor = input.harbors[side];
  const project = input.robotProject;
  return {
    side,
    harborUrl: harbor.url,
    harborVersion: harbor.version,
    name: `robot$${name}`,
    requestName: name,
    level: 'system',
    permissions: [
      {
        kind: 'project',
        namespace: project,
        access: [
          { resource: 'robot', action: 'list' },
          { resource: 'robot', action: 'read' },
        ],
      },
    ],
    can: [
      `List and read the robot accounts of project "${project}", to see when the replication robot expires or is disabled (robot: list, read)`,
    ],
    cannot: [
      `Create, change, delete or refresh the secret of any robot account, in "${project}" or elsewhere`,
      `Pull or push images, or read anything else in "${project}" or any other project`,
      "Read or change replication rules, endpoints, users or Harbor's configuration",
    ],
    limitations: [],
    readsReplicationRobot: true,
    readsJobService: false,
  };
}

const other = (side: WatchSide): WatchSide => (side === 'source' ? 'target' : 'source');

/** Why no robot can read the replication robot on that Harbor, or null when one can. */
function robotReadLimitation(side: WatchSide, version: HarborVersion | null): string | null {
  const recorded =
    'the watch relies on the expiry recorded when the wizard created the replication robot (a change made in Harbor since is not seen)';
  if (!version)
    return `The ${side} Harbor did not tell its version, so no watch robot is created there: ${recorded}.`;
  // Project-scope robot permissions are granted only from 2.12 (rbac.ts, NolimitProvider).
  if (robotPolicies(version)?.project.has('robot:read') !== true) {
    return `Harbor ${versionLabel(version)} (the ${side} Harbor) cannot grant a robot read access to robot accounts (it can since 2.12), so no watch robot is created there: ${recorded}.`;
  }
  return null;
}

/** The watch robots for one setup, or why none can watch the rule (the message says what to do). */
export function planWatchRobots(input: WatchPlanInput): WatchRobotsPlan {
  const name = watchRobotName(input.suffix);
  const ruleHarbor = input.harbors[input.ruleSide];
  const ruleVersion = ruleHarbor.version === null ? null : parseHarborVersion(ruleHarbor.version);
  if (!ruleVersion || !isAtLeast(ruleVersion, 2, 10)) {
    const which = ruleVersion ? `runs Harbor ${versionLabel(ruleVersion)}` : 'did not tell its version';
    return {
      possible: false,
      message: `The ${input.ruleSide} Harbor, which runs the rule, ${which}: a read-only watch robot needs system-scope robot permissions, which Harbor has since 2.10. Upgrade that Harbor to 2.10 or newer to watch this replication.`,
      robots: [],
    };
  }
  const rule = ruleSideRobot(input, ruleVersion, name);
  const otherSide = other(input.ruleSide);
  const otherRaw = input.harbors[otherSide].version;
  const otherVersion = otherRaw === null ? null : parseHarborVersion(otherRaw);
  const limitation = robotReadLimitation(otherSide, otherVersion);
  if (limitation) {
    return {
      possible: true,
      message: null,
      robots: [{ ...rule, limitations: [...rule.limitations, limitation] }],
    };
  }
  return { possible: true, message: null, robots: [rule, otherSideRobot(input, name)] };
}
