// What an alert says: one plain line (what happened, what to do, the rule, its Harbors, a link to
// the watch) and the facts behind it, rendered as generic JSON or as a Slack message. Everything
// here comes from a watch summary, never from a credential; text that came from Harbor is made one
// line, bounded, and stripped of any user:password@ in URLs.
import type { AlertKind, WatchCondition, WatchSummary } from '@hw/wizard-api';

import type { AlertFormat, NewAlert } from '../storage/alert-store.ts';

export type IncidentKind = WatchCondition['kind'];

/** The generic JSON body (with the alert's `id` added when sent); documented in the README. */
export type AlertPayload = {
  version: 1;
  state: 'firing' | 'resolved';
  kind: AlertKind;
  /** The one-line message. */
  summary: string;
  reason: string | null;
  action: string | null;
  /** When the condition began (ISO). */
  since: string | null;
  at: string;
  watch: { id: string; name: string; url: string | null } | null;
  rule: { name: string; policyId: number; harbor: 'source' | 'target' } | null;
  harbors: { source: string; target: string } | null;
};

const MAX_REASON = 300;

const KINDS: Record<IncidentKind, { firing: string; resolved: string; action: string }> = {
  failing: {
    firing: 'is failing',
    resolved: 'is no longer failing',
    action:
      "open the failed tasks' logs from the watch, fix the cause on Harbor (credentials, network, quota), then run the rule again.",
  },
  stuck: {
    firing: 'is stuck',
    resolved: 'is moving again',
    action:
      "check the job service of the rule's Harbor (queues, workers); stop the execution in Harbor if it does not move.",
  },
  expiring: {
    firing: 'has a robot account that expires within 7 days',
    resolved: 'no longer has a robot account expiring within 7 days',
    action:
      "refresh the robot's secret or extend its expiry in Harbor before it expires (and update the registry endpoint if the secret changes).",
  },
  unreachable: {
    firing: 'cannot be watched: a Harbor does not answer or refuses the watch robot',
    resolved: 'can be watched again',
    action:
      "check that the Harbor is up and reachable from the wizard's server, and that the watch robot still exists and has not expired.",
  },
};

function stripUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

/** One line, bounded, without credentials in URLs. */
export function plainLine(text: string, max = MAX_REASON): string {
  const line = stripUserinfo(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return plainLine(url, 200);
  }
}

export function watchLink(publicUrl: string | null, watchId: string): string | null {
  return publicUrl === null ? null : `${publicUrl}/replications/${encodeURIComponent(watchId)}`;
}

function utc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function lasted(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (!Number.isFinite(minutes)) return '';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

type Context = { watch: WatchSummary; publicUrl: string | null; at: string };

function about(ctx: Context) {
  const { watch } = ctx;
  const harbors = { source: origin(watch.sourceUrl), target: origin(watch.targetUrl) };
  const url = watchLink(ctx.publicUrl, watch.id);
  return {
    harbors,
    url,
    subject: `Replication rule "${plainLine(watch.rule.name, 120)}" (${harbors.source} → ${harbors.target})`,
    details: url === null ? '' : ` Details: ${url}`,
  };
}

function build(
  ctx: Context,
  kind: IncidentKind,
  state: 'firing' | 'resolved',
  summary: string,
  fields: { reason: string | null; action: string | null; since: string },
): NewAlert {
  const { watch } = ctx;
  const { harbors, url } = about(ctx);
  const payload: AlertPayload = {
    version: 1,
    state,
    kind,
    summary,
    ...fields,
    at: ctx.at,
    watch: { id: watch.id, name: plainLine(watch.name, 120), url },
    rule: { name: watch.rule.name, policyId: watch.rule.policyId, harbor: watch.rule.side },
    harbors,
  };
  return { watchId: watch.id, ruleName: watch.rule.name, kind, state, message: summary, payload, at: ctx.at };
}

export function firingAlert(ctx: Context, condition: WatchCondition): NewAlert {
  const words = KINDS[condition.kind];
  const { subject, details } = about(ctx);
  const reason = plainLine(condition.message).replace(/[.\s]+$/, '');
  const summary = `[FIRING] ${subject} ${words.firing}: ${reason}. What to do: ${words.action}${details}`;
  return build(ctx, condition.kind, 'firing', summary, {
    reason,
    action: words.action,
    since: condition.since,
  });
}

export function resolvedAlert(ctx: Context, kind: IncidentKind, since: string): NewAlert {
  const { subject, details } = about(ctx);
  const duration = lasted(since, ctx.at);
  const summary = `[RESOLVED] ${subject} ${KINDS[kind].resolved} (the incident began ${utc(since)}${duration ? ` and lasted ${duration}` : ''}). Nothing to do.${details}`;
  return build(ctx, kind, 'resolved', summary, { reason: null, action: null, since });
}

export function testAlert(targetName: string, at: string): NewAlert {
  const summary = `[TEST] A test alert from the Harbor Replication Wizard to "${plainLine(targetName, 100)}": alerts reach you. Nothing to do.`;
  const payload: AlertPayload = {
    version: 1,
    state: 'firing',
    kind: 'test',
    summary,
    reason: null,
    action: null,
    since: null,
    at,
    watch: null,
    rule: null,
    harbors: null,
  };
  return { watchId: null, ruleName: null, kind: 'test', state: 'firing', message: summary, payload, at };
}

/** Slack treats &, < and > as markup (links, @channel): text from Harbor must not become any. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackBody(id: number, p: AlertPayload): unknown {
  const lines = [
    `*${p.state === 'resolved' ? 'Resolved' : p.kind === 'test' ? 'Test' : 'Firing'}: ${slackEscape(p.kind)}*`,
    slackEscape(p.summary),
  ];
  const context = [`alert #${id}`, p.rule ? `rule ${slackEscape(p.rule.name)}` : null]
    .filter((x): x is string => x !== null)
    .map((text) => ({ type: 'mrkdwn', text }));
  return {
    text: slackEscape(p.summary),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      ...(p.watch?.url
        ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${p.watch.url}|Open the watch>` } }]
        : []),
      { type: 'context', elements: context },
    ],
  };
}

/** The request body for a target's format. */
export function renderAlert(format: AlertFormat, alert: { id: number; payload: unknown }): string {
  const payload = alert.payload as AlertPayload;
  return JSON.stringify(format === 'slack' ? slackBody(alert.id, payload) : { id: alert.id, ...payload });
}
