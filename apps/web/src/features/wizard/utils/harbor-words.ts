// One vocabulary for the whole wizard: Harbor's raw API values in the words its portal uses
// ("Succeed" → "Succeeded", "event_based" → "Event based", a "registry" is an endpoint, a "policy"
// a rule). Harbor's own labels stay only where the wizard quotes Harbor (e.g. the Flattening options).
import type { CleanupResult, CreatedObject, ReplicationMode, RuleDraft, SetupState } from '@hw/wizard-api';

/** Execution and task statuses (Harbor's job service and replication API). */
const STATUS_WORDS: Record<string, string> = {
  Succeed: 'Succeeded',
  Success: 'Succeeded',
  Failed: 'Failed',
  Error: 'Failed',
  Stopped: 'Stopped',
  InProgress: 'In progress',
  Running: 'Running',
  Pending: 'Pending',
  Initialized: 'Not started',
  Skipped: 'Skipped',
};

/** "SomeNewStatus" or "some_new_status" from a newer Harbor, as "Some new status". */
function spelledOut(raw: string): string {
  const words = raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : raw;
}

export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? spelledOut(status);
}

const TRIGGER_WORDS: Record<string, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  event_based: 'Event based',
};

/** A rule's or an execution's trigger type. */
export function triggerWord(trigger: string): string {
  return TRIGGER_WORDS[trigger] ?? spelledOut(trigger);
}

/** A rule's trigger with its schedule: "Scheduled: 0 0 2 * * * (UTC)", "Event based". */
export function triggerSummary(trigger: RuleDraft['trigger']): string {
  return trigger.type === 'scheduled'
    ? `${triggerWord(trigger.type)}: ${trigger.cron} (UTC)`
    : triggerWord(trigger.type);
}

const KIND_WORDS: Record<CreatedObject['kind'], string> = {
  project: 'project',
  robot: 'robot account',
  registry: 'endpoint',
  policy: 'rule',
};

/** What the wizard created, named as the portal names it (Harbor's API says registry and policy). */
export function kindWord(kind: CreatedObject['kind']): string {
  return KIND_WORDS[kind];
}

const SETUP_STATUS_WORDS: Record<SetupState['status'], string> = {
  'in-progress': 'In progress',
  completed: 'Completed',
  'cleaned-up': 'Cleaned up',
  'partly-cleaned-up': 'Partly cleaned up',
};

export function setupStatusWord(status: SetupState['status']): string {
  return SETUP_STATUS_WORDS[status];
}

const CLEANUP_STATUS_WORDS: Record<CleanupResult['steps'][number]['status'], string> = {
  'will-delete': 'Will delete',
  'will-keep': 'Will keep',
  'cannot-delete': 'Cannot delete',
  deleted: 'Deleted',
  'already-gone': 'Already deleted',
  kept: 'Kept',
  failed: 'Failed',
  skipped: 'Kept (not deleted)',
};

export function cleanupStatusWord(status: CleanupResult['steps'][number]['status']): string {
  return CLEANUP_STATUS_WORDS[status];
}

/** Harbor's filter decorations as its portal shows them. */
export function decorationWord(decoration: 'matches' | 'excludes'): string {
  return decoration === 'matches' ? 'matching' : 'excluding';
}

/** Flattening in plain words; the rule form keeps Harbor's own option labels ("No Flatting"). */
export function flatteningWord(replaceCount: number): string {
  if (replaceCount === -1) return 'Flatten all levels';
  if (replaceCount === 0) return 'No flattening';
  return `Flatten ${replaceCount} level${replaceCount === 1 ? '' : 's'}`;
}

export function modeWord(mode: ReplicationMode): string {
  return mode === 'push' ? 'Push-based' : 'Pull-based';
}
