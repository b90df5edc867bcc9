import {
  apiErrorSchema,
  apiPaths,
  connectionTestResultSchema,
  endpointDefaultsSchema,
  robotCreatedResponseSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import { Browser, json } from '../helpers.ts';
import { SOURCE_ADMIN, connectedSetup, setupAtEndpoint, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let id: string;
let n = 0;
beforeEach(async () => {
  sims.source.control.injectFault({ reset: true });
  browser = await Browser.started(app);
  id = await setupAtEndpoint(browser, sims, `ep-${++n}-${Date.now() % 100000}`);
});

async function createEndpoint(name: string) {
  const defaults = endpointDefaultsSchema.parse(json(await browser.get(apiPaths.endpointDefaults(id))));
  return browser.put(apiPaths.endpoint(id), { name, url: defaults.url });
}

describe('endpoint', () => {
  it('offers defaults from the target connection and the robot', async () => {
    const defaults = endpointDefaultsSchema.parse(json(await browser.get(apiPaths.endpointDefaults(id))));
    const state = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(defaults.url).toBe(sims.target.url);
    expect(defaults.name).toBe(new URL(sims.target.url).host);
    expect(defaults.accessKey).toBe(state.robot!.name);
    expect(defaults.caCertificateSupported).toBe(true);
  });

  it('creates the endpoint on the source with the vault secret, and the connection test passes', async () => {
    const name = `target-${n}`;
    const res = await createEndpoint(name);
    expect(res.statusCode).toBe(200);
    const state = setupStateSchema.parse(res.json());
    expect(state.endpoint).toMatchObject({ name, url: sims.target.url, reused: false, side: 'source' });
    expect(state.created.filter((c) => c.kind === 'registry')).toHaveLength(1);
    expect(sims.source.control.state().registries.filter((r) => r.name === name)).toHaveLength(1);

    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.checks.map((c) => [c.id, c.status])).toEqual([
      ['harbor-ping', 'pass'],
      ['dns', 'pass'],
      ['tcp', 'pass'],
      ['tls', 'warn'],
      ['http', 'pass'],
      ['harbor', 'pass'],
      ['permissions', 'pass'],
    ]);
    expect(test.ok).toBe(true);
    const after = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(after.connectionTest?.ok).toBe(true);
    expect(after.step).toBe('rule');
  });

  it('saving again updates instead of duplicating; a lost answer (409 on retry) adopts the same endpoint', async () => {
    const name = `again-${n}`;
    expect((await createEndpoint(name)).statusCode).toBe(200);
    expect((await createEndpoint(name)).statusCode).toBe(200);
    expect(sims.source.control.state().registries.filter((r) => r.name === name)).toHaveLength(1);
  });

  it('retries after a 503 on create without creating twice', async () => {
    const name = `flaky-${n}`;
    sims.source.control.injectFault({ method: 'POST', path: '/api/v2.0/registries', status: 503 });
    // The ping comes first and also POSTs under /registries: fault the create only on the second request.
    const firstTry = await createEndpoint(name);
    expect([502, 200]).toContain(firstTry.statusCode);
    expect((await createEndpoint(name)).statusCode).toBe(200);
    expect(sims.source.control.state().registries.filter((r) => r.name === name)).toHaveLength(1);
  });

  it('a new robot is handed to the endpoint at once; saving again still hands it the new secret', async () => {
    const name = `rotate-${n}`;
    expect((await createEndpoint(name)).statusCode).toBe(200);
    const second = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(id), { name: 'second', duration: -1 })),
    );
    expect(second.endpointUpdate).toMatchObject({ endpoint: name, updated: true });
    // The robot it replaces was created by this setup: it does not stay behind with push rights.
    expect(second.replacedRobot).toMatchObject({ deleted: true });
    const rewired = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(rewired.completedSteps).toContain('endpoint');
    expect(rewired.endpoint?.accessKey).toBe(second.robot.name);
    expect((await createEndpoint(name)).statusCode).toBe(200);
    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.ok).toBe(true);
    expect(sims.source.control.state().registries.filter((r) => r.name === name)).toHaveLength(1);
  });

  it('recreates an endpoint deleted in Harbor meanwhile', async () => {
    const name = `deleted-${n}`;
    const first = setupStateSchema.parse(json(await createEndpoint(name)));
    const auth = `Basic ${Buffer.from(`${SOURCE_ADMIN.username}:${SOURCE_ADMIN.password}`).toString('base64')}`;
    const deleted = await fetch(`${sims.source.url}/api/v2.0/registries/${first.endpoint!.id}`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
    expect(deleted.status).toBe(200);
    const again = setupStateSchema.parse(json(await createEndpoint(name)));
    expect(again.endpoint!.id).not.toBe(first.endpoint!.id);
    expect(sims.source.control.state().registries.filter((r) => r.name === name)).toHaveLength(1);
  });

  it('refuses a name taken by an endpoint pointing elsewhere', async () => {
    const taken = sims.source.control.state().registries[0];
    if (!taken) return;
    const res = await createEndpoint(taken.name);
    expect(res.statusCode).toBe(409);
    expect(apiErrorSchema.parse(res.json()).conflict?.options).toEqual(['rename']);
  });

  it('explains an unreachable endpoint URL', async () => {
    const res = await browser.put(apiPaths.endpoint(id), { name: `dead-${n}`, url: 'http://127.0.0.1:9' });
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).code).toBe('endpoint-unreachable');
  });
});

describe('connection test diagnosis', () => {
  it('points at a wrong URL suffix, even when Harbor refused to save the endpoint', async () => {
    await browser.put(apiPaths.endpoint(id), { name: `suffix-${n}`, url: `${sims.target.url}/api/v2.0` });
    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.ok).toBe(false);
    const harbor = test.checks.find((c) => c.id === 'harbor');
    expect(harbor?.status).toBe('fail');
    expect(harbor?.fix).toContain('/api/v2.0');
    expect(test.checks.find((c) => c.id === 'permissions')?.status).toBe('skip');
  });

  it("finds a robot that cannot push, which Harbor's own ping never checks", async () => {
    const weak = await connectedSetup(browser, sims);
    const project = `weak-${n}`;
    expect((await browser.put(apiPaths.project(weak), { name: project, create: true })).statusCode).toBe(200);
    const robot = await browser.post(apiPaths.robot(weak), {
      name: 'readonly',
      duration: -1,
      access: [{ resource: 'repository', action: 'pull' }],
    });
    expect(robot.statusCode).toBe(200);
    const defaults = endpointDefaultsSchema.parse(json(await browser.get(apiPaths.endpointDefaults(weak))));
    expect(
      (await browser.put(apiPaths.endpoint(weak), { name: `weak-${n}`, url: defaults.url })).statusCode,
    ).toBe(200);
    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(weak))));
    expect(test.checks.find((c) => c.id === 'harbor-ping')?.status).toBe('pass');
    const permissions = test.checks.find((c) => c.id === 'permissions');
    expect(permissions).toMatchObject({ status: 'fail' });
    expect(permissions?.cause).toContain('push');
    expect(test.ok).toBe(false);
    expect(
      setupStateSchema.parse(json(await browser.get(apiPaths.setup(weak)))).completedSteps,
    ).not.toContain('connection-test');
  });

  it('explains an unreachable endpoint layer by layer', async () => {
    await browser.put(apiPaths.endpoint(id), { name: `gone-${n}`, url: 'http://127.0.0.1:9' });
    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.checks.map((c) => [c.id, c.status])).toEqual([
      ['harbor-ping', 'fail'],
      ['dns', 'pass'],
      ['tcp', 'fail'],
      ['tls', 'skip'],
      ['http', 'skip'],
      ['harbor', 'skip'],
      ['permissions', 'skip'],
    ]);
    expect(test.checks.find((c) => c.id === 'tcp')?.cause).toMatch(/Nothing listens/);
  });
});
