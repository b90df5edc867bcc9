// A watch's state in words: the verdict's label and colour (the label is what counts: colour is
// never the only signal), the worst-first order, and robot expiry as a countdown.
import type { WatchSummary, WatchVerdict } from '@hw/wizard-api';

export const VERDICTS: Record<WatchVerdict, { label: string; color: string }> = {
  unreachable: { label: 'Unreachable', color: 'grape' },
  stuck: { label: 'Stuck', color: 'orange' },
  failing: { label: 'Failing', color: 'red' },
  expiring: { label: 'Expiring', color: 'yellow' },
  pending: { label: 'Pending', color: 'gray' },
  healthy: { label: 'Healthy', color: 'green' },
};

/** Worst first, as the server ranks them; `pending` (not polled yet) sits just above healthy. */
export const VERDICT_ORDER: readonly WatchVerdict[] = [
  'unreachable',
  'stuck',
  'failing',
  'expiring',
  'pending',
  'healthy',
];

export type WatchSort = 'worst' | 'name' | 'last-run' | 'expiry';

export const SORTS: Record<WatchSort, string> = {
  worst: 'Worst first',
  name: 'Name',
  'last-run': 'Last execution, newest first',
  expiry: 'Robot expiry, soonest first',
};

/**
 * When the first robot expires (Unix seconds on the server's clock, each Harbor judging by its own);
 * never-expiring and unknown ones sort last.
 */
function firstExpiry(watch: WatchSummary): number {
  const dates = [watch.replicationRobot, ...watch.watchRobots]
    .filter((r) => r.expiresAt !== null && r.expiresAt >= 0)
    .map((r) => (r.expiresAt ?? 0) - (r.clockSkewSeconds ?? 0));
  return dates.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...dates);
}

const byName = (a: WatchSummary, b: WatchSummary) => a.name.localeCompare(b.name);

export function sortWatches(items: readonly WatchSummary[], sort: WatchSort): WatchSummary[] {
  const sorted = [...items];
  switch (sort) {
    case 'worst':
      return sorted.sort(
        (a, b) =>
          VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
          b.consecutiveFailures - a.consecutiveFailures ||
          byName(a, b),
      );
    case 'name':
      return sorted.sort(byName);
    case 'last-run':
      return sorted.sort(
        (a, b) =>
          (b.lastExecution?.startTime ?? '').localeCompare(a.lastExecution?.startTime ?? '') || byName(a, b),
      );
    case 'expiry':
      return sorted.sort((a, b) => firstExpiry(a) - firstExpiry(b) || byName(a, b));
  }
}

const DAY = 86_400;

/** "in 12 days", "in 5 hours", "expired 2 days ago", "never", "unknown". */
export function expiryInWords(expiresAt: number | null, nowMs: number): string {
  if (expiresAt === null) return 'unknown';
  if (expiresAt === -1) return 'never';
  const seconds = expiresAt - Math.floor(nowMs / 1000);
  const span = Math.abs(seconds);
  const amount =
    span >= 2 * DAY
      ? `${Math.floor(span / DAY)} days`
      : span >= 2 * 3600
        ? `${Math.floor(span / 3600)} hours`
        : `${Math.max(1, Math.floor(span / 60))} minutes`;
  return seconds >= 0 ? `in ${amount}` : `expired ${amount} ago`;
}

/** 30 days ahead: a warning; 7 days: an alert (the thresholds, which the server applies too). */
export function expiryColor(expiresAt: number | null, nowMs: number): string | undefined {
  if (expiresAt === null || expiresAt === -1) return undefined;
  const seconds = expiresAt - nowMs / 1000;
  if (seconds <= 7 * DAY) return 'red';
  if (seconds <= 30 * DAY) return 'orange';
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-07 02:00 UTC", the same on every operator's screen. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
