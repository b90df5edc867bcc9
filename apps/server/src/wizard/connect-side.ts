// Steps 1 and 5: connect a setup's source or target Harbor (or one of the demo Harbors, whose
// credentials never leave the server), keeping the password in the vault.
import type { ConnectBody, HarborSide, SetupState } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail } from '../errors.ts';
import type { SetupRecord } from '../storage/storage.ts';
import type { ConnectInput } from './connect.ts';
import { canonicalHarborUrl, probeHarbor } from './connect.ts';
import type { SetupRef } from './setups.ts';
import { completeStep } from './setups.ts';
import { failStaleDemo, isStaleDemo } from './side-client.ts';

function connectInput(ctx: AppContext, side: HarborSide, body: ConnectBody): ConnectInput {
  if (body.demo !== true) {
    return {
      url: canonicalHarborUrl(body.url),
      username: body.username,
      password: body.password,
      tls: body.tls,
      demo: false,
    };
  }
  const demo = ctx.demo?.[side];
  if (!demo)
    fail(400, 'demo-unavailable', 'The demo Harbors are not running on this server.', {
      hint: 'Enter the URL and credentials of your Harbor.',
    });
  return {
    url: demo.url,
    username: demo.username,
    password: demo.password,
    tls: { mode: 'verify' },
    demo: true,
  };
}

/** A setup that created objects on one Harbor stays on it: clean-up must find them there. */
function requireSameHarbor(ctx: AppContext, setup: SetupRecord, side: HarborSide, url: string): void {
  const previous = setup.internal.connections[side];
  const createdHere = setup.state.created.some((c) => c.side === side);
  if (createdHere && isStaleDemo(ctx, setup, side)) failStaleDemo(side);
  if (previous && previous.url !== url && createdHere) {
    fail(
      409,
      'harbor-changed',
      `This setup already created objects on ${previous.url}; it cannot switch the ${side} Harbor.`,
      { hint: 'Start a new setup to use another Harbor (or clean this one up first).' },
    );
  }
}

/** `address` is the client's: failed logins are throttled per address and per Harbor account. */
export function connectSide(
  ctx: AppContext,
  ref: SetupRef,
  side: HarborSide,
  body: ConnectBody,
  address: string,
): Promise<SetupState> {
  const input = connectInput(ctx, side, body);
  return ctx.setups.mutate(ref, async (setup) => {
    requireSameHarbor(ctx, setup, side, input.url);
    const attempt = { address, harborUrl: input.url, username: input.username };
    const summary = await ctx.loginThrottle.guard(attempt, () =>
      probeHarbor(ctx.harbor, input, side, setup.state.mode),
    );
    const other = setup.state[side === 'source' ? 'target' : 'source'];
    if (other && new URL(other.url).origin === new URL(input.url).origin) {
      summary.warnings.push(
        'Source and target are the same Harbor: the rule would copy images within one registry.',
      );
    }
    await ctx.secrets.put(
      { sessionId: setup.sessionId, setupId: setup.id, name: `password:${side}` },
      input.password,
    );
    setup.internal.connections[side] = {
      url: input.url,
      username: input.username,
      tls: input.tls,
      demo: input.demo,
    };
    setup.state[side] = summary;
    // Logging in again to a finished setup (for clean-up) does not reopen it.
    if (setup.state.status === 'in-progress')
      completeStep(setup.state, side === 'target' ? 'connect-target' : 'connect-source');
    return ctx.setups.save(setup);
  });
}
