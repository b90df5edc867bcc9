// Why a step's Next button is disabled, for every step: each step lists its causes as a small table
// in the order the operator meets them, and the first that holds is the text under the button.
import { get } from 'react-hook-form';
import type { FieldErrors } from 'react-hook-form';

/** While `when` is truthy, Next says `reason`; a null reason means nothing further can block it. */
export type BlockedRow = readonly [when: unknown, reason: string | null];

/** The first row that holds decides; null (Next enabled) when none does. */
export function nextBlockedReason(rows: readonly BlockedRow[]): string | null {
  for (const [when, reason] of rows) if (when) return reason;
  return null;
}

function messagesOf(errors: object): string[] {
  return Object.entries(errors).flatMap(([key, value]) => {
    // `ref` is the DOM element of the field, `types` repeats the message per validation rule.
    if (key === 'ref' || key === 'types' || !value || typeof value !== 'object') return [];
    const message: unknown = (value as { message?: unknown }).message;
    return typeof message === 'string' && message ? [message] : messagesOf(value as object);
  });
}

/**
 * One row per form error that blocks Next, saying the error's own message (after `prefix`): the
 * given fields in that order, or every error of the form in field order when no names are given.
 */
export function fieldErrorRows(errors: FieldErrors, names?: readonly string[], prefix = ''): BlockedRow[] {
  const messages = names
    ? names.map((name) => {
        const error: unknown = get(errors, name);
        return messagesOf({ [name]: error })[0];
      })
    : messagesOf(errors);
  return messages.map((message) => [message, message ? `${prefix}${message}` : null]);
}
