// A setup as the "All setups" list names it: which Harbors and which rule, and where it stands, in
// words rather than the mode, a URL and a raw step id.
import { STEP_TITLES } from '@hw/wizard-api';
import type { SetupSummary } from '@hw/wizard-api';

import { setupStatusWord } from './harbor-words.ts';

/** The host (and port) of a Harbor URL; the URL itself when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "<source host> → <target host>, <rule name>", with what is not chosen yet left out. */
export function setupName(setup: SetupSummary): string {
  const { sourceUrl, targetUrl, ruleName } = setup;
  if (sourceUrl === null && targetUrl === null)
    return `New ${setup.mode} setup${ruleName ? `, ${ruleName}` : ''}`;
  const route = `${sourceUrl ? hostOf(sourceUrl) : 'source not connected yet'} → ${
    targetUrl ? hostOf(targetUrl) : 'target not connected yet'
  }`;
  return ruleName ? `${route}, ${ruleName}` : route;
}

/** Where a setup stands: the step it waits at while in progress, else its status in words. */
export function setupStatusInWords(setup: SetupSummary): string {
  return setup.status === 'in-progress'
    ? `In progress at “${STEP_TITLES[setup.step]}”`
    : setupStatusWord(setup.status);
}
