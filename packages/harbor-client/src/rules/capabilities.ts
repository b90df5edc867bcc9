// Harbor versions and what each one can do (docs/harbor-behaviour.md, "Versions"). Every flag is
// verified at the `.0` tag of the minor version that introduced it, so only major.minor matter.
import { fail, OK, type RuleCheck } from './rule-check.ts';

export type HarborVersion = { major: number; minor: number; patch: number; raw: string };

// Accepts systeminfo's "v2.15.2-080b0220", /api/version's "v2.0", and plain "2.9.1".
const VERSION_PATTERN = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+.][0-9A-Za-z.+-]*)?\s*$/;

export function parseHarborVersion(raw: string): HarborVersion | null {
  const match = VERSION_PATTERN.exec(raw);
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    raw,
  };
}

/** True when `version` is `major.minor` or later. */
export function isAtLeast(version: HarborVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

export type HarborCapabilities = {
  /** `/robots` with level, duration and permissions[] (2.2) */
  robotV2: boolean;
  /** policy `dest_namespace_replace_count` (2.3) */
  destNamespaceReplaceCount: boolean;
  /** policy `speed` bandwidth limit (2.4) */
  speed: boolean;
  /** policy `copy_by_chunk` (2.7) */
  copyByChunk: boolean;
  /** resource filter `chart` still accepted (≤ 2.7; ChartMuseum removed in 2.8) */
  chartResourceFilter: boolean;
  /** cron seconds must be "0" and minutes must not be "*" (2.9) */
  cronSecondsRule: boolean;
  /** caller-chosen robot secrets: 8–128 chars, upper, lower, digit (2.9) */
  customRobotSecretRules: boolean;
  /** `GET /permissions` (2.10) */
  permissionsApi: boolean;
  /** `harbor_version` only in authenticated systeminfo (2.13) */
  versionHiddenFromAnonymous: boolean;
  /** policy `single_active_replication` (2.14) */
  singleActiveReplication: boolean;
  /** registry `ca_certificate` (2.15) */
  registryCaCertificate: boolean;
};

export function harborCapabilities(version: HarborVersion): HarborCapabilities {
  return {
    robotV2: isAtLeast(version, 2, 2),
    destNamespaceReplaceCount: isAtLeast(version, 2, 3),
    speed: isAtLeast(version, 2, 4),
    copyByChunk: isAtLeast(version, 2, 7),
    chartResourceFilter: !isAtLeast(version, 2, 8),
    cronSecondsRule: isAtLeast(version, 2, 9),
    customRobotSecretRules: isAtLeast(version, 2, 9),
    permissionsApi: isAtLeast(version, 2, 10),
    versionHiddenFromAnonymous: isAtLeast(version, 2, 13),
    singleActiveReplication: isAtLeast(version, 2, 14),
    registryCaCertificate: isAtLeast(version, 2, 15),
  };
}

// The wizard creates robots with the v2 robot API, which exists since 2.2.
export function checkSupportedVersion(version: HarborVersion | null): RuleCheck {
  if (version === null) {
    return fail(
      'Could not determine the Harbor version. Log in with an account of that Harbor (Harbor 2.13 and later show the version only to logged-in users).',
    );
  }
  if (version.major < 2) {
    return fail(
      `Harbor ${version.raw} is not supported: Harbor 1.x has no /api/v2.0 and no robot accounts v2. Upgrade to Harbor 2.2 or later.`,
    );
  }
  if (!isAtLeast(version, 2, 2)) {
    return fail(
      `Harbor ${version.raw} is not supported: the wizard needs the robot account API of Harbor 2.2 or later. Upgrade Harbor.`,
    );
  }
  return OK;
}
