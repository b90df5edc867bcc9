// Robot account fields Harbor validates besides the name (handler/robot.go validate and RefreshSec,
// Harbor v2.15.2; docs/harbor-behaviour.md, "Robot accounts").
import { isAtLeast, type HarborVersion } from './capabilities.ts';
import { fail, OK, type RuleCheck } from './rule-check.ts';

const MAX_DURATION_DAYS = 2 ** 31 - 2;

/** `duration` in days: -1 (never expires) or 0 < d < 2^31-1. An omitted duration is 0 and refused. */
export function validateRobotDuration(duration: number): RuleCheck {
  if (duration === -1 || (Number.isInteger(duration) && duration > 0 && duration <= MAX_DURATION_DAYS))
    return OK;
  return fail(
    `bad request error duration input: ${duration}, duration must be either -1(Never) or a positive integer`,
  );
}

const utf8 = new TextEncoder();

/**
 * A caller-chosen secret for `PATCH /robots/{id}` (Harbor ≥ 2.9; before that any secret was taken).
 * Go measures the length in bytes.
 */
export function validateRobotSecret(secret: string, version?: HarborVersion): RuleCheck {
  if (version !== undefined && !isAtLeast(version, 2, 9)) return OK;
  const length = utf8.encode(secret).length;
  if (length < 8 || length > 128 || !/[A-Z]/.test(secret) || !/[a-z]/.test(secret) || !/[0-9]/.test(secret)) {
    return fail(
      'the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
    );
  }
  return OK;
}
