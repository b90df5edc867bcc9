// The demo Harbors live in the server process: after a restart they are new, empty and on other
// ports. A setup made on the old ones says so plainly instead of "connection refused".
import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { ok } from './push-flow.ts';

describe('demo setup after a server restart', () => {
  it('resumes, then every Harbor action explains that the demo Harbors were reset; a new setup works', async () => {
    const config = testConfig({ demo: true });
    const first = await makeApp(config);
    const browser = await Browser.started(first.app);
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    ok(await browser.post(apiPaths.connect(id, 'target'), { demo: true }), 'connect demo target');
    ok(await browser.put(apiPaths.project(id), { name: 'before-restart', create: true }), 'project');
    const oldUrl = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id)))).target!.url;
    await first.app.close();

    const second = await makeApp(config);
    browser.app = second.app;
    try {
      const resumed = setupStateSchema.parse(ok(await browser.get(apiPaths.setup(id)), 'resume'));
      expect(resumed.step).toBe('robot');
      expect(second.app.ctx.demo?.target.url).not.toBe(oldUrl);

      for (const res of [
        await browser.get(`${apiPaths.projects(id)}?side=target`),
        await browser.post(apiPaths.robot(id), { name: 'after-restart', duration: -1 }),
        await browser.post(apiPaths.connect(id, 'target'), { demo: true }),
      ]) {
        expect(res.statusCode).toBe(409);
        const error = apiErrorSchema.parse(res.json());
        expect(error.code).toBe('demo-reset');
        expect(error.message).toMatch(/demo Harbors were reset when the server restarted/);
        expect(error.hint).toMatch(/Start a new setup/);
        expect(res.body).not.toMatch(/refused/);
      }

      const fresh = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
      ok(await browser.post(apiPaths.connect(fresh, 'target'), { demo: true }), 'new setup connects');
    } finally {
      await second.app.close();
    }
  });
});
