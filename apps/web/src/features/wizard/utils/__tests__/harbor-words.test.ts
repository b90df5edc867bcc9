import { describe, expect, it } from 'vitest';

import {
  cleanupStatusWord,
  decorationWord,
  flatteningWord,
  kindWord,
  modeWord,
  setupStatusWord,
  statusWord,
  triggerSummary,
  triggerWord,
} from '@/features/wizard/utils/harbor-words.ts';

describe('harbor words', () => {
  it("shows Harbor's execution and task statuses in words", () => {
    expect(statusWord('Succeed')).toBe('Succeeded');
    expect(statusWord('Success')).toBe('Succeeded');
    expect(statusWord('InProgress')).toBe('In progress');
    expect(statusWord('Failed')).toBe('Failed');
    expect(statusWord('Stopped')).toBe('Stopped');
    expect(statusWord('Pending')).toBe('Pending');
    expect(statusWord('Initialized')).toBe('Not started');
  });

  it('spells out a status a newer Harbor may add instead of showing it raw', () => {
    expect(statusWord('WaitingForRetry')).toBe('Waiting for retry');
    expect(statusWord('partially_done')).toBe('Partially done');
  });

  it('names triggers as the portal does, with the schedule where there is one', () => {
    expect(triggerWord('manual')).toBe('Manual');
    expect(triggerWord('scheduled')).toBe('Scheduled');
    expect(triggerWord('event_based')).toBe('Event based');
    expect(triggerSummary({ type: 'scheduled', cron: '0 0 2 * * *' })).toBe('Scheduled: 0 0 2 * * * (UTC)');
    expect(triggerSummary({ type: 'event_based', cron: '' })).toBe('Event based');
  });

  it("uses the portal's names for what the API calls registry and policy", () => {
    expect(kindWord('registry')).toBe('endpoint');
    expect(kindWord('policy')).toBe('rule');
    expect(kindWord('robot')).toBe('robot account');
    expect(kindWord('project')).toBe('project');
  });

  it('words setup and clean-up statuses, filters, flattening and modes', () => {
    expect(setupStatusWord('in-progress')).toBe('In progress');
    expect(setupStatusWord('completed')).toBe('Completed');
    expect(cleanupStatusWord('already-gone')).toBe('Already deleted');
    expect(cleanupStatusWord('will-delete')).toBe('Will delete');
    expect(setupStatusWord('partly-cleaned-up')).toBe('Partly cleaned up');
    expect(cleanupStatusWord('deleted')).toBe('Deleted');
    expect(decorationWord('matches')).toBe('matching');
    expect(decorationWord('excludes')).toBe('excluding');
    // Harbor's own option label is "No Flatting"; outside the quoted option the wizard says it plainly.
    expect(flatteningWord(0)).toBe('No flattening');
    expect(flatteningWord(1)).toBe('Flatten 1 level');
    expect(flatteningWord(3)).toBe('Flatten 3 levels');
    expect(flatteningWord(-1)).toBe('Flatten all levels');
    expect(modeWord('pull')).toBe('Pull-based');
  });
});
