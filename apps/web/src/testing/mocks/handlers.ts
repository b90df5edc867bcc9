// The default answers of apps/server for component tests; each test overrides what it exercises.
import { apiPaths } from '@hw/wizard-api';
import { http, HttpResponse } from 'msw';

import { session, SETUP_ID, setupAt, watchPlan } from '../fixtures.ts';

export function baseHandlers() {
  return [
    http.get(apiPaths.session, () => HttpResponse.json(session())),
    // "/" asks whether anything is watched before it shows the start page.
    http.get(apiPaths.watches, () => HttpResponse.json({ items: [] })),
    http.get(apiPaths.setup(SETUP_ID), () => HttpResponse.json(setupAt('connect-target'))),
    // The queries a step fires as soon as the previous one hands over to it.
    http.get(apiPaths.robotCheck(SETUP_ID), ({ request }) => {
      const name = new URL(request.url).searchParams.get('name') ?? '';
      return HttpResponse.json({ fullName: `robot$dst+${name}`, exists: false });
    }),
    http.get(apiPaths.ruleCheck(SETUP_ID), () =>
      HttpResponse.json({ exists: false, harborUrl: 'https://harbor-a.example.com' }),
    ),
    http.get(apiPaths.projects(SETUP_ID), () => HttpResponse.json({ items: [], total: 0 })),
    // The Done step asks what "Keep watching" would create; the setups list which setups are watched.
    http.get(apiPaths.watchPlan(SETUP_ID), () => HttpResponse.json(watchPlan())),
    http.get(apiPaths.watches, () => HttpResponse.json({ items: [] })),
  ];
}

/** A JSON error body exactly as apps/server sends it (`apiErrorSchema`). */
export function apiError(status: number, body: Record<string, unknown>) {
  return HttpResponse.json(body, { status });
}
