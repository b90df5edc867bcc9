// Real harbor-sim instances on port 0 for the route tests (msw cannot see undici traffic).
import type { HarborSim, ObservedRequest } from '@hw/harbor-sim';
import { createHarborSim } from '@hw/harbor-sim';
import { apiPaths } from '@hw/wizard-api';

import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';

import type { BuildOptions } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';
import type { LogCapture } from './helpers.ts';
import { Browser, makeApp, testConfig } from './helpers.ts';

export const SOURCE_ADMIN = { username: 'admin', password: 'Src-Admin-Pass-4821' };
export const TARGET_ADMIN = { username: 'admin', password: 'Tgt-Admin-Pass-7315' };

export type Sims = { source: HarborSim; target: HarborSim; close(): Promise<void> };

export async function startSims(
  options: { targetVersion?: string; observeSource?: (request: ObservedRequest) => void } = {},
): Promise<Sims> {
  const source = await createHarborSim({
    name: 'source',
    seed: 'test-source',
    admin: SOURCE_ADMIN,
    ...(options.observeSource ? { observeRequest: options.observeSource } : {}),
  });
  const target = await createHarborSim({
    name: 'target',
    seed: 'test-target',
    admin: TARGET_ADMIN,
    ...(options.targetVersion ? { version: options.targetVersion } : {}),
  });
  return {
    source,
    target,
    close: async () => {
      await Promise.all([source.close(), target.close()]);
    },
  };
}

/** A new browser session holding a new setup with both Harbors connected. */
export async function connectedBrowser(
  app: FastifyInstance,
  sims: Sims,
  mode: 'push' | 'pull' = 'push',
): Promise<{ browser: Browser; id: string }> {
  const browser = await Browser.started(app);
  return { browser, id: await connectedSetup(browser, sims, mode) };
}

/** A new setup with both Harbors connected (target first, as the wizard does). */
export async function connectedSetup(
  browser: Browser,
  sims: Sims,
  mode: 'push' | 'pull' = 'push',
): Promise<string> {
  const id = (await browser.post(apiPaths.setups, { mode })).json<{ id: string }>().id;
  const target = await browser.post(apiPaths.connect(id, 'target'), {
    url: sims.target.url,
    ...TARGET_ADMIN,
  });
  if (target.statusCode !== 200) throw new Error(`connect target: ${target.body}`);
  const source = await browser.post(apiPaths.connect(id, 'source'), {
    url: sims.source.url,
    ...SOURCE_ADMIN,
  });
  if (source.statusCode !== 200) throw new Error(`connect source: ${source.body}`);
  return id;
}

/** A connected push setup with `project` created, its robot made and handed off: the endpoint step is next. */
export async function setupAtEndpoint(browser: Browser, sims: Sims, project: string): Promise<string> {
  const id = await connectedSetup(browser, sims);
  const ok = (what: string, res: { statusCode: number; body: string }) => {
    if (res.statusCode !== 200) throw new Error(`${what}: ${res.body}`);
  };
  ok('project', await browser.put(apiPaths.project(id), { name: project, create: true }));
  ok('robot', await browser.post(apiPaths.robot(id), { name: 'repl', duration: -1 }));
  ok('hand-off', await browser.post(apiPaths.robotHandOff(id), { stored: true }));
  return id;
}

/**
 * The usual test bed of a route or flow file: both simulators and one app against them, closed
 * after the file's tests.
 */
export async function startAppWithSims(
  options: BuildOptions = {},
  config: (sims: Sims) => Partial<AppConfig> = () => ({}),
): Promise<{ sims: Sims; app: FastifyInstance; logs: LogCapture }> {
  const sims = await startSims();
  const { app, logs } = await makeApp(testConfig(config(sims)), options);
  afterAll(async () => {
    await app.close();
    await sims.close();
  });
  return { sims, app, logs };
}
