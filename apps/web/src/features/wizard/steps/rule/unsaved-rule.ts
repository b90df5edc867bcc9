// Rule edits not saved yet, kept per setup in this tab's sessionStorage (a rule holds no secret), so
// a reload or a visit to another step through the stepper does not throw them away.
import type { RuleDraftInput } from '@hw/wizard-api';

const key = (setupId: string) => `hw.unsaved-rule.${setupId}`;

function isRuleShaped(value: unknown): value is RuleDraftInput {
  if (!value || typeof value !== 'object') return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft.name === 'string' &&
    typeof draft.filters === 'object' &&
    typeof draft.destination === 'object' &&
    typeof draft.trigger === 'object'
  );
}

/** The edits kept for this setup, over `base` so fields added since they were kept get a value. */
export function readUnsavedRule(setupId: string, base: RuleDraftInput): RuleDraftInput | null {
  try {
    const raw = sessionStorage.getItem(key(setupId));
    const kept: unknown = raw ? JSON.parse(raw) : null;
    return isRuleShaped(kept) ? { ...base, ...kept } : null;
  } catch {
    return null;
  }
}

/** Keeps `values` while they differ from the saved rule, forgets them once they are equal again. */
export function keepUnsavedRule(setupId: string, values: unknown, saved: RuleDraftInput): void {
  try {
    const json = JSON.stringify(values);
    if (json === JSON.stringify(saved)) sessionStorage.removeItem(key(setupId));
    else sessionStorage.setItem(key(setupId), json);
  } catch {
    // Storage full or disabled: the edits then live only as long as the page.
  }
}

export function forgetUnsavedRule(setupId: string): void {
  try {
    sessionStorage.removeItem(key(setupId));
  } catch {
    // Nothing kept.
  }
}
