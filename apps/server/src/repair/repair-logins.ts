// The short-lived admin logins of a repair flow: checked against Harbor when given, the password
// sealed in the flow's secrets for 30 minutes at most, erased when the flow ends.
import type { HarborClient } from '@hw/harbor-client';
import { isHarborError } from '@hw/harbor-client';
import type { AdminLogins, HarborSide } from '@hw/wizard-api';

import type { AppContext } from '../context.ts';
import { fail } from '../errors.ts';
import { repairSecretAad } from '../storage/repair-store.ts';
import type { WatchRecord } from '../storage/watch-store.ts';
import type { Flow } from './repair-state.ts';

export const LOGIN_TTL_MS = 30 * 60_000;

const loginName = (side: HarborSide) => `login:${side}` as const;

function demoAccount(ctx: AppContext, watch: WatchRecord, side: HarborSide) {
  const harbor = watch.config.harbors[side];
  const demo = [ctx.demo?.source, ctx.demo?.target].find((d) => d?.url === harbor.url);
  if (!harbor.demo || !demo) {
    fail(400, 'not-a-demo-harbor', `The ${side} Harbor is not the server's demo Harbor.`, {
      hint: 'Enter an admin user name and password for it.',
    });
  }
  return { username: demo.username, password: demo.password };
}

/** Checks each login against its Harbor (a refused one is not kept) and seals it into the flow. */
export async function storeLogins(
  ctx: AppContext,
  watch: WatchRecord,
  flow: Flow,
  logins: AdminLogins,
): Promise<void> {
  const now = ctx.now().getTime();
  for (const side of ['source', 'target'] as const) {
    const login = logins[side];
    if (!login) continue;
    const account = 'demo' in login ? demoAccount(ctx, watch, side) : login;
    const harbor = watch.config.harbors[side];
    const client = ctx.harbor.client({ url: harbor.url, tls: harbor.tls, ...account });
    try {
      await client.currentUser();
    } catch (error) {
      if (isHarborError(error) && error.status === 401) {
        fail(400, 'login-refused', `The ${side} Harbor refused the login of "${account.username}".`, {
          hint: 'Check the user name and password (an admin of that Harbor).',
        });
      }
      throw error;
    }
    const expiresAt = now + LOGIN_TTL_MS;
    await ctx.storage.repairs.putSecret(
      flow.record.id,
      loginName(side),
      ctx.vault.seal(account.password, repairSecretAad(flow.record.id, loginName(side))),
      expiresAt,
    );
    flow.state.logins = [
      ...flow.state.logins.filter((l) => l.side !== side),
      { side, username: account.username, expiresAt: new Date(expiresAt).toISOString() },
    ];
  }
}

/** The sides whose login is still held: not expired, and its sealed password not purged. */
export async function heldSides(ctx: AppContext, flow: Flow): Promise<Set<HarborSide>> {
  const held = new Set<HarborSide>();
  for (const login of currentLogins(ctx, flow)) {
    const sealed = await ctx.storage.repairs.getSecret(
      flow.record.id,
      loginName(login.side),
      ctx.now().getTime(),
    );
    if (sealed) held.add(login.side);
  }
  return held;
}

/** The logins still held (an expired one is dropped from the view too). */
export function currentLogins(ctx: AppContext, flow: Flow): Flow['state']['logins'] {
  const now = ctx.now().getTime();
  return flow.state.logins.filter((l) => Date.parse(l.expiresAt) > now);
}

/** The admin client of one side, every change it makes audited with the admin's user name. */
export async function adminClient(
  ctx: AppContext,
  watch: WatchRecord,
  flow: Flow,
  side: HarborSide,
  sessionId: string,
): Promise<HarborClient> {
  const login = currentLogins(ctx, flow).find((l) => l.side === side);
  const sealed = login
    ? await ctx.storage.repairs.getSecret(flow.record.id, loginName(side), ctx.now().getTime())
    : null;
  const password = sealed ? ctx.vault.open(sealed, repairSecretAad(flow.record.id, loginName(side))) : null;
  if (!login || password === null) {
    fail(409, 'repair-login-required', `This step needs an admin login to the ${side} Harbor.`, {
      hint: 'Logins are kept 30 minutes at most: log in again, then continue; every step done so far stays done.',
    });
  }
  const harbor = watch.config.harbors[side];
  return ctx.harbor.client({
    url: harbor.url,
    tls: harbor.tls,
    username: login.username,
    password,
    audit: { sessionId, setupId: watch.setupId, side, actor: login.username },
  });
}

/** The admin passwords go when the flow ends (done or cancelled). */
export async function eraseLogins(ctx: AppContext, flow: Flow): Promise<void> {
  await ctx.storage.repairs.deleteSecrets(flow.record.id, 'login:source');
  await ctx.storage.repairs.deleteSecrets(flow.record.id, 'login:target');
  flow.state.logins = [];
}
