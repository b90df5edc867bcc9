// Harbor's replication cron (controller/replication/model/model.go Policy.Validate with
// common/utils/utils.go CronParser; docs/harbor-behaviour.md, "Cron"): robfig v3 with six fields,
// then from 2.9 a literal check of the first two space-separated tokens. Schedules run in
// jobservice, in UTC.
import cronstrue from 'cronstrue';
import { isAtLeast, type HarborVersion } from './capabilities.ts';
import { nextActivation, parseCron } from './robfig-cron.ts';
import { fail, OK, type RuleCheck } from './rule-check.ts';

export type { RuleCheck } from './rule-check.ts';

/**
 * Validates `trigger.trigger_settings.cron` of a scheduled policy as Harbor does, in Harbor's order
 * (empty → parse → seconds → minutes) and with its exact messages. Without a version the newest
 * rules apply; before 2.9 Harbor only parsed the string.
 */
export function validateReplicationCron(cron: string, version?: HarborVersion): RuleCheck {
  if (cron.length === 0) return fail('the cron string cannot be empty when the trigger type is scheduled');
  if (!parseCron(cron).ok) return fail(`invalid cron string for scheduled trigger: ${cron}`);
  if (version !== undefined && !isAtLeast(version, 2, 9)) return OK;
  // Harbor splits on single spaces, so "0  * * * * *" (double space) slips past the minutes rule.
  const parts = cron.split(' ');
  if (parts[0] !== '0') {
    return fail('the 1st field (indicating Seconds of time) of the cron setting must be 0');
  }
  if (parts[1] === '*') {
    return fail('* is not allowed for the Minutes field of the cron setting of replication policy');
  }
  return OK;
}

/** The next `count` runs after `from` (default: now), in UTC as jobservice runs them; [] if invalid. */
export function nextCronRuns(cron: string, options: { count: number; from?: Date }): Date[] {
  const parsed = parseCron(cron);
  if (!parsed.ok) return [];
  const runs: Date[] = [];
  let from = options.from ?? new Date();
  while (runs.length < options.count) {
    const next = nextActivation(parsed.schedule, from);
    if (next === null) break;
    runs.push(next);
    from = next;
  }
  return runs;
}

const UNRESTRICTED = new Set(['*', '?']);

/** Plain English for a valid six-field cron, e.g. "At 02:00 AM, every day (UTC)"; "" if invalid. */
export function describeCron(cron: string): string {
  if (!parseCron(cron).ok) return '';
  const fields = cron.trim().split(/\s+/);
  // robfig treats "?" like "*"; cronstrue only understands "?" in the day fields.
  const normalized = fields.map((field) => (field === '?' ? '*' : field));
  let text: string;
  try {
    text = cronstrue.toString(normalized.join(' '), { dayOfWeekStartIndexZero: true });
  } catch {
    return `Custom schedule "${cron}" (UTC)`;
  }
  const [, minute = '', hour = '', dom = '', month = '', dow = ''] = normalized;
  const daily = [dom, month, dow].every((field) => UNRESTRICTED.has(field));
  if (daily && /^\d+$/.test(hour) && /^\d+$/.test(minute)) text += ', every day';
  return `${text} (UTC)`;
}

// Descriptors robfig refuses in Harbor's parser, written out as the equivalent six fields.
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/**
 * What the operator typed, made into what Harbor expects: trimmed, fields separated by single
 * spaces (Harbor's literal checks split on one space), a classic five-field cron prefixed with
 * "0 " like the portal does, and @daily-style descriptors written out. Six fields stay as typed.
 */
export function normalizeCronInput(input: string): string {
  const trimmed = input.trim();
  const descriptor = DESCRIPTORS[trimmed.toLowerCase()];
  if (descriptor !== undefined) return descriptor;
  const fields = trimmed.split(/\s+/).filter((field) => field !== '');
  if (fields.length === 5) return `0 ${fields.join(' ')}`;
  return fields.join(' ');
}

export const CRON_PRESETS: readonly { id: string; label: string; cron: string }[] = [
  { id: 'every-15-minutes', label: 'Every 15 minutes', cron: '0 */15 * * * *' },
  { id: 'hourly', label: 'Every hour, on the hour', cron: '0 0 * * * *' },
  { id: 'every-6-hours', label: 'Every 6 hours', cron: '0 0 */6 * * *' },
  { id: 'daily-0200', label: 'Every day at 02:00 UTC', cron: '0 0 2 * * *' },
  { id: 'weekdays-0130', label: 'Weekdays (Monday to Friday) at 01:30 UTC', cron: '0 30 1 * * 1-5' },
  { id: 'weekly-sunday-0300', label: 'Every Sunday at 03:00 UTC', cron: '0 0 3 * * 0' },
  { id: 'monthly-first-0400', label: 'On the 1st of every month at 04:00 UTC', cron: '0 0 4 1 * *' },
];
