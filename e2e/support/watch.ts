// The watch as an operator meets it (the Done step's opt-in, the Replications page, the Alerts page)
// and as the server reports it (GET /api/watches, the contract in packages/wizard-api/src/watch.ts).
import { expect } from '@playwright/test';
import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { apiPaths, watchListSchema, watchSummarySchema } from '@hw/wizard-api';
import type { WatchSummary, WatchVerdict } from '@hw/wizard-api';

import type { Operator } from './interactions.ts';
import { POLL_MS } from './watch-env.ts';
import { choose, expectStep } from './wizard.ts';

/** The badge text of each verdict on the Replications page. */
export const VERDICT_TEXT: Record<WatchVerdict, string> = {
  pending: 'Pending',
  healthy: 'Healthy',
  failing: 'Failing',
  stuck: 'Stuck',
  expiring: 'Expiring',
  unreachable: 'Unreachable',
};

/** The watch robot the plan names on each Harbor (`robot$replication-watch-…`), null when none. */
export type PlannedRobots = Record<'source' | 'target', string | null>;

/**
 * Done with "Keep watching this replication" left checked: the plan is shown, then the watch starts.
 * Returns the robot the plan named on each Harbor ("Source Harbor (<url>, Harbor 2.x): robot$…").
 */
export async function finishWatching(op: Operator): Promise<PlannedRobots> {
  const { page } = op;
  await expectStep(page, 'Done');
  const keep = page.getByRole('checkbox', { name: 'Keep watching this replication' });
  await expect(keep).toBeChecked();
  const can = page.getByRole('region', { name: 'What the watch robots can do' });
  await expect(can).toContainText('robot$');
  await expect(page.getByRole('region', { name: 'What they cannot do' })).toBeVisible();
  const text = await can.innerText();
  const named = (harbor: string) =>
    new RegExp(`${harbor} Harbor \\([^)]*\\): (robot\\$replication-watch-[0-9a-f]{6})`).exec(text)?.[1] ??
    null;
  const planned = { source: named('Source'), target: named('Target') };
  await op.click(page.getByRole('button', { name: 'Finish setup' }));
  await expect(page.getByRole('status').filter({ hasText: 'Setup finished' })).toBeVisible();
  return planned;
}

export async function openReplications(op: Operator): Promise<void> {
  await op.click(op.page.getByRole('link', { name: 'Replications', exact: true }));
  await expect(op.page.getByRole('heading', { name: 'Replications', exact: true })).toBeVisible();
}

/** The Replications page's row of one watched rule. */
export function watchRow(page: Page, ruleName: string): Locator {
  return page.getByRole('row').filter({ hasText: ruleName });
}

/** The row's verdict badge shows `verdict` (the page follows the server's events, no reload). */
export async function expectVerdict(row: Locator, verdict: WatchVerdict, timeout = 15_000): Promise<void> {
  await expect(row.getByText(VERDICT_TEXT[verdict], { exact: true }).first()).toBeVisible({ timeout });
}

/**
 * Starts a browser session for `request` as the web app does on its first call: the watch routes are
 * server-wide but answer only a session of this wizard (401 `no-session` otherwise).
 */
export async function openSession(request: APIRequestContext, baseUrl = ''): Promise<void> {
  const res = await request.get(`${baseUrl}${apiPaths.session}`);
  expect(res.status(), await res.text()).toBe(200);
}

/** The server's summary of the watch of `ruleName` (watches are server-wide, not per session). */
export async function watchOf(
  request: APIRequestContext,
  ruleName: string,
  baseUrl = '',
): Promise<WatchSummary> {
  const res = await request.get(`${baseUrl}${apiPaths.watches}`);
  expect(res.status(), await res.text()).toBe(200);
  const found = watchListSchema.parse(await res.json()).items.find((w) => w.rule.name === ruleName);
  if (!found) throw new Error(`no watch of the rule ${ruleName}`);
  return found;
}

export async function watchById(
  request: APIRequestContext,
  watchId: string,
  baseUrl = '',
): Promise<WatchSummary> {
  const res = await request.get(`${baseUrl}${apiPaths.watch(watchId)}`);
  expect(res.status(), await res.text()).toBe(200);
  return watchSummarySchema.parse(await res.json());
}

/**
 * Waits until the poller has read the watch `polls` more times: its `polledAt` has passed the time
 * those polls take from now. Used before "exactly one": a duplicate alert would have come by then.
 */
export async function afterPolls(
  request: APIRequestContext,
  watchId: string,
  polls: number,
  baseUrl = '',
): Promise<WatchSummary> {
  const until = Date.now() + polls * POLL_MS;
  let last: WatchSummary | undefined;
  await expect
    .poll(
      async () => {
        last = await watchById(request, watchId, baseUrl);
        return Date.parse(last.polledAt ?? '') >= until;
      },
      { timeout: polls * POLL_MS + 15_000 },
    )
    .toBe(true);
  return last!;
}

/** The Alerts page's form: a webhook target in the given format. */
export async function addAlertTarget(
  op: Operator,
  target: { name: string; format: 'Generic JSON' | 'Slack'; url: string },
): Promise<void> {
  const { page } = op;
  await op.click(page.getByRole('link', { name: 'Alerts', exact: true }));
  await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();
  await op.fill(page.getByRole('textbox', { name: 'Name', exact: true }), target.name);
  await choose(op, 'Format', target.format);
  await op.fill(page.getByRole('textbox', { name: 'Webhook URL' }), target.url);
  await op.click(page.getByRole('button', { name: 'Add target' }));
  await expect(page.getByRole('button', { name: 'Send a test alert' })).toBeVisible();
}
