// What the rule looked like when the review last created or updated it, kept per setup in this tab's
// sessionStorage (a rule holds no secret), so the review can tell whether there is anything to send.
// The server keeps only the rule's id; without this record the review offers the update, as before.
import type { RuleDraft } from '@hw/wizard-api';

const key = (setupId: string) => `hw.created-rule.${setupId}`;

/** JSON with sorted keys, so two equal drafts compare equal whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function rememberCreatedRule(setupId: string, rule: RuleDraft | null): void {
  try {
    if (rule) sessionStorage.setItem(key(setupId), canonical(rule));
  } catch {
    // Storage full or disabled: the review then offers the update, which is always safe.
  }
}

/** True only when the saved draft is exactly what was last sent to Harbor. */
export function createdRuleUnchanged(setupId: string, rule: RuleDraft | null): boolean {
  if (!rule) return false;
  try {
    return sessionStorage.getItem(key(setupId)) === canonical(rule);
  } catch {
    return false;
  }
}
