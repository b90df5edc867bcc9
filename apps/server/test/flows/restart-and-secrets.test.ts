// A restart mid-setup loses nothing; no secret leaks anywhere except the one allowed response.
import fs from 'node:fs';
import path from 'node:path';

import { apiPaths, executionSchema, setupStateSchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { DATABASE_FILE } from '../../src/storage/sqlite-storage.ts';
import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { SOURCE_ADMIN, TARGET_ADMIN, connectedBrowser, connectedSetup, startSims } from '../sims.ts';
import { ok, throughRobot, throughRule } from './push-flow.ts';

const sims = await startSims();
afterAll(() => sims.close());

describe('restart mid-setup', () => {
  it('resumes at the same step with the vault intact (generated key file, same DATA_DIR, same cookie)', async () => {
    const config = testConfig({ secretKey: null });
    const first = await makeApp(config);
    const browser = await Browser.started(first.app);
    const id = await connectedSetup(browser, sims);
    const robot = await throughRobot(browser, id, 'restart-dst');
    const before = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    await first.app.close();

    const second = await makeApp(config);
    browser.app = second.app;
    const session = json<{ currentSetupId: string; csrfToken: string }>(await browser.get(apiPaths.session));
    expect(session.currentSetupId).toBe(id);
    expect(session.csrfToken).toBe(browser.csrf);
    const after = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(after).toEqual(before);
    // The export file and the robot secret are still in the vault, decryptable with the key file.
    expect((await browser.get(apiPaths.robotExport(id))).body).toContain(robot.secret);
    const state = await throughRule(browser, id, 'restart-dst');
    expect(state.policy).not.toBeNull();
    await second.app.close();
  });
});

describe('secret hygiene', () => {
  it('never shows the robot secret or an admin password outside the one allowed response and the encrypted column', async () => {
    const config = testConfig();
    const { app, logs } = await makeApp(config);
    const { browser, id } = await connectedBrowser(app, sims);
    const robot = await throughRobot(browser, id, 'hygiene-dst');
    const exported = await browser.get(apiPaths.robotExport(id));
    await throughRule(browser, id, 'hygiene-dst');
    const execution = executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'run'));
    for (let i = 0; i < 200; i += 1) {
      const e = executionSchema.parse(json(await browser.get(apiPaths.execution(id, execution.id))));
      if (e.final) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await browser.get(apiPaths.verification(id));
    await browser.get(apiPaths.review(id));
    await browser.get(apiPaths.exportBundle(id));
    await browser.get(apiPaths.exportTerraform(id));
    await browser.get(apiPaths.harborProxy('source', 'registries'));
    await browser.post(apiPaths.cleanup(id), { dryRun: true });
    await browser.post(apiPaths.complete(id));

    const secrets = [robot.secret, SOURCE_ADMIN.password, TARGET_ADMIN.password];
    const robotResponse = browser.responses.find((r) => r.body.includes('"exportContent"'));
    for (const res of browser.responses) {
      const allowed = res === robotResponse || res === exported;
      const text = JSON.stringify(res.headers) + res.body;
      for (const secret of secrets) {
        if (allowed && secret === robot.secret) continue;
        expect(text, `response ${res.raw.req.method} ${res.raw.req.url}`).not.toContain(secret);
      }
    }
    for (const secret of secrets) expect(logs.text).not.toContain(secret);
    expect(logs.lines.length).toBeGreaterThan(10);

    await app.close();
    for (const file of fs.readdirSync(config.dataDir)) {
      if (!file.startsWith(DATABASE_FILE)) continue;
      const bytes = fs.readFileSync(path.join(config.dataDir, file));
      for (const secret of secrets)
        expect(bytes.includes(Buffer.from(secret)), `${file} holds a secret`).toBe(false);
    }
  });

  it("erases the setup's secrets when it is completed", async () => {
    const { app } = await makeApp(testConfig());
    const { browser, id } = await connectedBrowser(app, sims);
    await throughRobot(browser, id, 'complete-dst');
    await throughRule(browser, id, 'complete-dst');
    ok(await browser.post(apiPaths.executions(id)), 'run');
    expect((await browser.post(apiPaths.complete(id))).statusCode).toBe(200);
    const sessionId = (await app.ctx.storage.getSetup(id))!.sessionId;
    for (const name of ['password:source', 'password:target', 'robot-secret', 'robot-export'] as const) {
      expect(await app.ctx.storage.getSecret({ sessionId, setupId: id, name }, Date.now()), name).toBeNull();
    }
    const res = await browser.get(`${apiPaths.projects(id)}?side=target`);
    expect(json(res)).toMatchObject({ code: 'reconnect-required' });
    await app.close();
  });

  it('purges the vault on "forget me"', async () => {
    const { app } = await makeApp(testConfig());
    const { browser, id } = await connectedBrowser(app, sims);
    await throughRobot(browser, id, 'forget-dst');
    expect((await browser.delete(apiPaths.session)).statusCode).toBe(204);
    expect((await browser.get(apiPaths.robotExport(id))).statusCode).toBe(410);
    const res = await browser.get(apiPaths.endpointDefaults(id));
    expect(res.statusCode).toBe(409);
    expect(json(res)).toMatchObject({ code: 'reconnect-required' });
    await app.close();
  });

  it('forgets passwords after the idle time', async () => {
    let now = Date.now();
    const { app } = await makeApp(testConfig({ sessionIdleMinutes: 1 }), { now: () => new Date(now) });
    const { browser, id } = await connectedBrowser(app, sims);
    now += 2 * 60_000;
    const res = await browser.get(`${apiPaths.projects(id)}?side=target`);
    expect(res.statusCode).toBe(409);
    expect(json(res)).toMatchObject({ code: 'reconnect-required' });
    await app.close();
  });
});
