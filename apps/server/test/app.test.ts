import fs from 'node:fs';
import path from 'node:path';

import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { WEB_NOT_BUILT } from '../src/plugins/web-app.ts';
import { Browser, json, makeApp, tempDir, testConfig } from './helpers.ts';

const { app, logs } = await makeApp(testConfig());
afterAll(() => app.close());

describe('basic routes', () => {
  it('answers health', async () => {
    const res = await app.inject({ method: 'GET', url: apiPaths.health });
    expect(res.json()).toEqual({ ok: true });
  });

  it('answers unknown API paths with a JSON 404 in the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(apiErrorSchema.parse(res.json()).code).toBe('not-found');
  });

  it('says how to build the web app when it is missing', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.body).toBe(WEB_NOT_BUILT);
    expect((await app.inject({ method: 'GET', url: '/wizard/robot' })).body).toBe(WEB_NOT_BUILT);
  });

  it('serves the built SPA with a fallback to index.html for deep links, not for /api', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    const { app: withWeb } = await makeApp(testConfig({ staticRoot: root }));
    expect((await withWeb.inject({ method: 'GET', url: '/' })).body).toContain('id="root"');
    expect((await withWeb.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
    const deep = await withWeb.inject({ method: 'GET', url: '/setups/abc/robot' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="root"');
    expect((await withWeb.inject({ method: 'GET', url: '/api/unknown' })).statusCode).toBe(404);
    await withWeb.close();
  });
});

describe('setups', () => {
  it('starts, resumes and navigates a setup; other sessions cannot see it', async () => {
    const browser = await Browser.started(app);
    const created = setupStateSchema.parse(json(await browser.post(apiPaths.setups, { mode: 'pull' })));
    expect(created).toMatchObject({
      mode: 'pull',
      step: 'connect-target',
      completedSteps: ['start'],
      status: 'in-progress',
    });

    const resumed = setupStateSchema.parse(json(await browser.get(apiPaths.setup(created.id))));
    expect(resumed.id).toBe(created.id);
    const session = json<{ currentSetupId: string; history: { id: string }[] }>(
      await browser.get(apiPaths.session),
    );
    expect(session.currentSetupId).toBe(created.id);
    expect(session.history.map((h) => h.id)).toContain(created.id);

    const back = await browser.put(apiPaths.step(created.id), { step: 'start' });
    expect(json(back)).toMatchObject({ step: 'start' });
    const forward = await browser.put(apiPaths.step(created.id), { step: 'connect-target' });
    expect(forward.statusCode).toBe(200);
    const jump = await browser.put(apiPaths.step(created.id), { step: 'rule' });
    expect(jump.statusCode).toBe(409);
    expect(json(jump)).toMatchObject({ code: 'step-not-reachable' });

    const stranger = await Browser.started(app);
    expect((await stranger.get(apiPaths.setup(created.id))).statusCode).toBe(404);
  });

  it('rejects bad bodies with 400 and the list of issues', async () => {
    const browser = await Browser.started(app);
    const res = await browser.post(apiPaths.setups, { mode: 'sideways' });
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.issues?.[0]?.path).toBe('mode');
    const notJson = await browser.request('POST', apiPaths.setups, 'not json', {
      'content-type': 'application/json',
    });
    expect(notJson.statusCode).toBe(400);
    expect(apiErrorSchema.safeParse(notJson.json()).success).toBe(true);
  });

  it('asks for a session on setup routes without one', async () => {
    const res = await app.inject({ method: 'GET', url: apiPaths.setup('x') });
    expect(res.statusCode).toBe(401);
    expect(json(res)).toMatchObject({ code: 'no-session' });
  });
});

describe('logging', () => {
  it('redacts credentials in anything logged', () => {
    app.log.info(
      {
        password: 'pw-123456',
        nested: { secret: 'robot-secret-9', access_secret: 'acc-secret-7' },
        headers: { authorization: 'Basic abc' },
      },
      'probe',
    );
    const line = logs.lines.find((l) => l.includes('"probe"')) ?? '';
    expect(line).not.toContain('pw-123456');
    expect(line).not.toContain('robot-secret-9');
    expect(line).not.toContain('acc-secret-7');
    expect(line).not.toContain('Basic abc');
    expect(line).toContain('[redacted]');
  });
});
