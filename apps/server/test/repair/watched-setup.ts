// A push setup driven to its rule through the API, then watched: the watch record is written
// straight into storage (watch creation is another part of the server), as the watch robots'
// creation would leave it.
import { randomUUID } from 'node:crypto';

import type { HarborSim } from '@hw/harbor-sim';
import type { RepairFlow, RepairOptionsInput, SetupState } from '@hw/wizard-api';
import { apiPaths, repairFlowSchema } from '@hw/wizard-api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import type { WatchRecord } from '../../src/storage/watch-store.ts';
import { watchConfig } from '../../src/watch/watch-service.ts';
import { throughRobot, throughRule } from '../flows/push-flow.ts';
import type { Browser } from '../helpers.ts';
import type { Sims } from '../sims.ts';
import { connectedBrowser, SOURCE_ADMIN, TARGET_ADMIN } from '../sims.ts';

export type Watched = {
  browser: Browser;
  setupId: string;
  watch: WatchRecord;
  state: SetupState;
  /** The robot's secret as created (the "old" one a rotation must retire). */
  oldSecret: string;
};

export async function watchedPushSetup(app: FastifyInstance, sims: Sims, project: string): Promise<Watched> {
  const { browser, id } = await connectedBrowser(app, sims);
  const created = await throughRobot(browser, id, project);
  const state = await throughRule(browser, id, project);
  const setup = await app.ctx.storage.getSetup(id);
  if (!setup) throw new Error('setup not stored');
  const watch: WatchRecord = {
    id: randomUUID(),
    setupId: id,
    createdAt: new Date().toISOString(),
    config: watchConfig(setup, []),
    state: null,
    nextPollAt: Date.now() + 3_600_000,
    pollFailures: 0,
  };
  await app.ctx.storage.watches.create(watch, []);
  return { browser, setupId: id, watch, state, oldSecret: created.secret };
}

export function flowOf(res: LightMyRequestResponse): RepairFlow {
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} ${res.body}`);
  return repairFlowSchema.parse(res.json());
}

export async function startRepair(browser: Browser, watchId: string, options: RepairOptionsInput) {
  return flowOf(await browser.post(apiPaths.repairs(watchId), { options }));
}

export async function loginBoth(browser: Browser, repairId: string) {
  return flowOf(
    await browser.post(apiPaths.repairLogins(repairId), {
      logins: { source: SOURCE_ADMIN, target: TARGET_ADMIN },
    }),
  );
}

export async function advance(browser: Browser, repairId: string, choice?: string) {
  return flowOf(await browser.post(apiPaths.repairAdvance(repairId), choice ? { choice } : {}));
}

const basic = (user: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;

export const ADMIN_OF = (sims: Sims, sim: HarborSim) => (sim === sims.source ? SOURCE_ADMIN : TARGET_ADMIN);

/** Harbor's own test of a saved endpoint, asked as the admin: 200 when its stored secret logs in. */
export async function pingEndpoint(sims: Sims, sim: HarborSim, registryId: number): Promise<number> {
  const res = await fetch(`${sim.url}/api/v2.0/registries/ping`, {
    method: 'POST',
    headers: { authorization: basic(ADMIN_OF(sims, sim)), 'content-type': 'application/json' },
    body: JSON.stringify({ id: registryId }),
  });
  return res.status;
}

/** A login to Harbor's registry token service: 200 with good credentials, 401 otherwise. */
export async function robotLogin(sim: HarborSim, name: string, secret: string): Promise<number> {
  const res = await fetch(`${sim.url}/service/token?service=harbor-registry`, {
    headers: { authorization: basic({ username: name, password: secret }) },
  });
  return res.status;
}

export async function adminGet<T>(sims: Sims, sim: HarborSim, path: string): Promise<T> {
  const res = await fetch(`${sim.url}/api/v2.0${path}`, {
    headers: { authorization: basic(ADMIN_OF(sims, sim)) },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export async function adminPut(sims: Sims, sim: HarborSim, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${sim.url}/api/v2.0${path}`, {
    method: 'PUT',
    headers: { authorization: basic(ADMIN_OF(sims, sim)), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}
