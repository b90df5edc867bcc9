// What GET /api/session tells the browser: its CSRF token, the demo Harbors, and its setups.
import type { Session, SetupSummary } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import type { SessionRecord, SetupRecord } from '../storage/storage.ts';

function summarize(record: SetupRecord): SetupSummary {
  const s = record.state;
  return {
    id: s.id,
    mode: s.mode,
    status: s.status,
    step: s.step,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    sourceUrl: s.source?.url ?? null,
    targetUrl: s.target?.url ?? null,
    policyName: s.policy?.name ?? null,
    ruleName: s.policy?.name ?? s.rule?.name ?? null,
    created: s.created,
  };
}

export async function sessionView(
  ctx: AppContext,
  session: SessionRecord,
  csrfToken: string,
): Promise<Session> {
  const setups = await ctx.storage.listSetups(session.id);
  const demo = ctx.demo;
  return {
    csrfToken,
    demo: demo
      ? { available: true, sourceUrl: demo.source.url, targetUrl: demo.target.url }
      : { available: false },
    currentSetupId: session.currentSetupId,
    history: setups.map(summarize),
  };
}

/** "Forget me": every secret of the session is erased and no setup is current any more. */
export async function forgetSession(ctx: AppContext, session: SessionRecord): Promise<void> {
  await ctx.secrets.purgeSession(session.id);
  await ctx.storage.setCurrentSetup(session.id, null);
}
