// The admin client of one side of a setup, after making sure that side is still the Harbor the
// setup was made on: a demo Harbor of an earlier server process is gone (the demo restarts empty,
// on another port), which "connection refused" would not explain.
import type { HarborClient } from '@hw/harbor-client';
import type { HarborSide } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';

/** True when `side` was connected to a demo Harbor this server process is not running. */
export function isStaleDemo(ctx: AppContext, setup: SetupRecord, side: HarborSide): boolean {
  const connection = setup.internal.connections[side];
  if (!connection?.demo) return false;
  return ![ctx.demo?.source.url, ctx.demo?.target.url].includes(connection.url);
}

export function failStaleDemo(side: HarborSide): never {
  fail(
    409,
    'demo-reset',
    `The demo Harbors were reset when the server restarted: the ${side} demo Harbor this setup used, and everything the setup created there, no longer exist.`,
    {
      hint: 'Start a new setup (the demo Harbors are fresh again); this one cannot continue.',
    },
  );
}

export async function sideClient(
  ctx: AppContext,
  setup: SetupRecord,
  side: HarborSide,
): Promise<HarborClient> {
  if (isStaleDemo(ctx, setup, side)) failStaleDemo(side);
  return ctx.harbor.sideClient(setup, side);
}
