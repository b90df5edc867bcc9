// The result of every rule check: either fine, or the message Harbor (or the portal) would show.
export type RuleCheck = { ok: true } | { ok: false; message: string };

export const OK: RuleCheck = { ok: true };

export function fail(message: string): RuleCheck {
  return { ok: false, message };
}
