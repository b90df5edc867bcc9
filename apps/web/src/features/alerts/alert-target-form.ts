// The "Add target" form: the contract's schema, with messages that say what to type, and only
// web addresses (http or https) accepted.
import { alertTargetRequestSchema } from '@hw/wizard-api';
import type { z } from 'zod';

export const alertTargetFormSchema = alertTargetRequestSchema.superRefine((value, ctx) => {
  if (!/^https?:\/\//i.test(value.url)) ctx.addIssue({ code: 'custom', path: ['url'], message: URL_MESSAGE });
});
export type AlertTargetFormInput = z.input<typeof alertTargetFormSchema>;
export type AlertTargetFormOutput = z.output<typeof alertTargetFormSchema>;

const URL_MESSAGE =
  'Enter the webhook’s full address, starting with https:// (or http://), e.g. https://hooks.slack.com/services/…';

const MESSAGES: Record<string, string> = {
  name: 'Enter a name of 1 to 100 characters, e.g. “Ops on-call”.',
  url: URL_MESSAGE,
  format: 'Choose Generic JSON or Slack.',
};

/** Per field one clear message, whatever rule of the contract's schema failed. */
export const alertTargetFormErrors = {
  error: (issue: { path?: PropertyKey[] | undefined }) => {
    const field = issue.path?.[0];
    return typeof field === 'string' ? MESSAGES[field] : undefined;
  },
};

export const emptyAlertTarget: AlertTargetFormInput = { name: '', format: 'json', url: '' };
