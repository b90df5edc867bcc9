// Repair flows as apps/server answers them, and a small stand-in for its repair routes: each
// advance answers the next flow of a script, so a test walks a flow the way the server would.
import type { RepairFlow, RepairStep } from '@hw/wizard-api';
import { apiPaths } from '@hw/wizard-api';
import { http, HttpResponse } from 'msw';

import { session } from '@/testing/fixtures.ts';
import { eventStream, forever } from '@/testing/mocks/event-stream.ts';

import { watchSummary } from '../../replications/__tests__/watch-fixtures.ts';

export const WATCH_ID = 'w1';
export const REPAIR_ID = 'r1';
export const DEMO_SOURCE = 'http://127.0.0.1:9001';

/** Source: the server's demo Harbor; target (where the replication robot lives): a real one. */
export const watch = watchSummary(WATCH_ID, {
  rule: { ...watchSummary(WATCH_ID).rule, name: 'nightly-to-dr' },
  sourceUrl: DEMO_SOURCE,
  targetUrl: 'https://harbor-b.example.com',
});

export function step(id: string, overrides: Partial<RepairStep> = {}): RepairStep {
  return {
    id,
    title: `Step ${id}`,
    side: 'target',
    changes: true,
    status: 'pending',
    detail: null,
    harborMessage: null,
    next: null,
    ...overrides,
  };
}

export function flow(overrides: Partial<RepairFlow> = {}): RepairFlow {
  return {
    id: REPAIR_ID,
    watchId: WATCH_ID,
    kind: 'rotate',
    options: { kind: 'rotate', canary: 'rule' },
    status: 'planned',
    active: false,
    summary: 'Rotate the secret of robot$dst+replication and rewire endpoint harbor-b.',
    steps: [],
    choice: null,
    loginsNeeded: ['target'],
    logins: [],
    resultingExpiry: null,
    warnings: [],
    offer: null,
    queue: null,
    runbook: [],
    notes: [],
    exportAvailable: false,
    createdAt: '2026-12-06T07:00:00.000Z',
    updatedAt: '2026-12-06T07:00:00.000Z',
    ...overrides,
  };
}

export const heldLogin = {
  side: 'target' as const,
  username: 'admin',
  expiresAt: '2026-12-06T07:30:00.000Z',
};
/** What the server shows for a demo Harbor's login. */
export const heldDemoLogin = { ...heldLogin, side: 'source' as const, username: 'demo' };

type Script = {
  /** What `GET /api/repairs/:id` answers first (a reload), and after every change. */
  initial: RepairFlow;
  /** One answer per advance, in order; an Error answers that status with an API error. */
  advances: (RepairFlow | { status: number; code: string; message: string })[];
  exportContent?: string;
};

/** The server's repair routes for one watch and one flow, recording what the page sent. */
export function repairServer(script: Script) {
  let current = script.initial;
  let exportLeft = script.exportContent !== undefined;
  const sent = {
    starts: [] as unknown[],
    logins: [] as unknown[],
    advances: [] as unknown[],
    cancels: 0,
    exports: 0,
  };
  const advances = [...script.advances];
  const handlers = [
    http.get(apiPaths.session, () =>
      HttpResponse.json(
        session({ demo: { available: true, sourceUrl: DEMO_SOURCE, targetUrl: 'http://127.0.0.1:9002' } }),
      ),
    ),
    http.get(apiPaths.watches, () => HttpResponse.json({ items: [watch] })),
    // The detail page follows the watches' events: a stream where nothing happens.
    http.get(apiPaths.watchEvents, () =>
      eventStream(async function* () {
        await forever();
        yield* [];
      }),
    ),
    http.get(apiPaths.watch(WATCH_ID), () => HttpResponse.json(watch)),
    http.get(apiPaths.watchExecutions(WATCH_ID), () => HttpResponse.json({ items: [], total: 0 })),
    http.get(apiPaths.repairs(WATCH_ID), () => HttpResponse.json({ items: [current] })),
    http.post(apiPaths.repairs(WATCH_ID), async ({ request }) => {
      const body = (await request.json()) as { options: RepairFlow['options'] };
      sent.starts.push(body.options);
      return HttpResponse.json(current);
    }),
    http.get(apiPaths.repair(REPAIR_ID), () => HttpResponse.json(current)),
    http.post(apiPaths.repairLogins(REPAIR_ID), async ({ request }) => {
      const body = (await request.json()) as { logins: { target?: { username: string; password: string } } };
      sent.logins.push(body.logins);
      if (body.logins.target?.password === 'wrong')
        return HttpResponse.json(
          { code: 'login-refused', message: 'The target Harbor refused the login: UNAUTHORIZED' },
          { status: 400 },
        );
      current = { ...current, logins: [heldLogin] };
      return HttpResponse.json(current);
    }),
    http.post(apiPaths.repairAdvance(REPAIR_ID), async ({ request }) => {
      sent.advances.push(await request.json());
      const next = advances.shift();
      if (!next)
        return HttpResponse.json(
          { code: 'unexpected', message: 'no more advances scripted' },
          { status: 500 },
        );
      if ('code' in next)
        return HttpResponse.json({ code: next.code, message: next.message }, { status: next.status });
      current = next;
      return HttpResponse.json(current);
    }),
    http.post(apiPaths.repairCancel(REPAIR_ID), () => {
      sent.cancels += 1;
      current = { ...current, status: 'cancelled', logins: [] };
      return HttpResponse.json(current);
    }),
    http.get(apiPaths.repairExport(REPAIR_ID), () => {
      sent.exports += 1;
      if (!exportLeft)
        return HttpResponse.json(
          { code: 'export-gone', message: 'The robot file is no longer available: it is offered once.' },
          { status: 410 },
        );
      exportLeft = false;
      current = { ...current, exportAvailable: false };
      return HttpResponse.text(script.exportContent ?? '');
    }),
  ];
  return { handlers, sent, current: () => current };
}
