import { apiErrorSchema, apiPaths, robotCreatedResponseSchema, setupStateSchema } from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { json } from '../helpers.ts';
import { TARGET_ADMIN, connectedBrowser, connectedSetup, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let id: string;
beforeEach(async () => {
  sims.target.control.injectFault({ reset: true });
  ({ browser, id } = await connectedBrowser(app, sims));
});

let counter = 0;
const uniqueName = (base: string) => `${base}-${++counter}-${Date.now() % 100000}`;

describe('projects', () => {
  it('lists and searches the target projects, and checks a name exactly', async () => {
    const list = json<{ items: { name: string }[]; total: number }>(
      await browser.get(`${apiPaths.projects(id)}?side=target`),
    );
    expect(list.total).toBeGreaterThan(0);
    const first = list.items[0]!.name;
    const check = json(await browser.get(`${apiPaths.projectCheck(id)}?name=${first}`));
    expect(check).toEqual({ name: first, exists: true });
    const missing = json(await browser.get(`${apiPaths.projectCheck(id)}?name=no-such-project-xyz`));
    expect(missing).toEqual({ name: 'no-such-project-xyz', exists: false });
    const bad = await browser.get(`${apiPaths.projectCheck(id)}?name=Bad Name`);
    expect(bad.statusCode).toBe(400);
  });

  it('creates the project once; the same choice again is a no-op, another setup gets a 409 offering reuse', async () => {
    const name = uniqueName('dst');
    const res = await browser.put(apiPaths.project(id), { name, create: true });
    expect(res.statusCode).toBe(200);
    const state = setupStateSchema.parse(res.json());
    expect(state.project).toMatchObject({ name, createdByWizard: true });
    expect(state.created).toEqual([{ side: 'target', kind: 'project', id: state.project!.id, name }]);
    expect(state.step).toBe('robot');

    expect((await browser.put(apiPaths.project(id), { name, create: true })).statusCode).toBe(200);
    expect(sims.target.control.state().projects.filter((p) => p.name === name)).toHaveLength(1);

    const otherId = await connectedSetup(browser, sims);
    const conflict = await browser.put(apiPaths.project(otherId), { name, create: true });
    expect(conflict.statusCode).toBe(409);
    const body = apiErrorSchema.parse(conflict.json());
    expect(body.conflict).toEqual({ existingId: state.project!.id, options: ['reuse'] });
    const reuse = setupStateSchema.parse(
      json(await browser.put(apiPaths.project(otherId), { name, create: false })),
    );
    expect(reuse.project).toMatchObject({ name, createdByWizard: false });
    expect(reuse.created).toEqual([]);
  });

  it('retries a create that failed with 503 without creating twice', async () => {
    const name = uniqueName('retry');
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/projects', status: 503 });
    const failed = await browser.put(apiPaths.project(id), { name, create: true });
    expect(failed.statusCode).toBe(502);
    expect(apiErrorSchema.parse(failed.json()).code).toBe('harbor-server-error');
    expect((await browser.put(apiPaths.project(id), { name, create: true })).statusCode).toBe(200);
    expect(sims.target.control.state().projects.filter((p) => p.name === name)).toHaveLength(1);
  });

  it('creates the project again when it was deleted in Harbor meanwhile', async () => {
    const name = uniqueName('vanish');
    const first = setupStateSchema.parse(
      json(await browser.put(apiPaths.project(id), { name, create: true })),
    );
    const auth = `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}`;
    expect(
      (
        await fetch(`${sims.target.url}/api/v2.0/projects/${first.project!.id}`, {
          method: 'DELETE',
          headers: { authorization: auth },
        })
      ).status,
    ).toBe(200);
    const again = setupStateSchema.parse(
      json(await browser.put(apiPaths.project(id), { name, create: true })),
    );
    expect(again.project!.id).not.toBe(first.project!.id);
    expect(again.created.filter((c) => c.kind === 'project')).toEqual([
      { side: 'target', kind: 'project', id: again.project!.id, name },
    ]);
    expect(sims.target.control.state().projects.filter((p) => p.name === name)).toHaveLength(1);
  });

  it('explains a missing project when reusing', async () => {
    const res = await browser.put(apiPaths.project(id), { name: 'does-not-exist-here', create: false });
    expect(res.statusCode).toBe(404);
    expect(apiErrorSchema.parse(res.json()).code).toBe('project-not-found');
  });
});

describe('robot', () => {
  async function withProject(): Promise<string> {
    const name = uniqueName('dst');
    expect((await browser.put(apiPaths.project(id), { name, create: true })).statusCode).toBe(200);
    return name;
  }

  it("creates the robot from the push preset, returns the secret once, exports Harbor's JSON until hand-off", async () => {
    const project = await withProject();
    const res = await browser.post(apiPaths.robot(id), { name: 'replicator', duration: -1 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = robotCreatedResponseSchema.parse(res.json());
    expect(created.robot).toMatchObject({
      name: `robot$${project}+replicator`,
      project,
      side: 'target',
      reused: false,
      handedOff: false,
    });
    expect(created.robot.access).toEqual([
      { resource: 'repository', action: 'pull' },
      { resource: 'repository', action: 'push' },
    ]);
    expect(created.exportFileName).toBe(`robot$${project}+replicator.json`);
    const file = JSON.parse(created.exportContent) as Record<string, unknown>;
    expect(Object.keys(file)).toEqual(['creation_time', 'expires_at', 'id', 'name', 'secret']);
    expect(file.secret).toBe(created.secret);

    const exported = await browser.get(apiPaths.robotExport(id));
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toBe(created.exportContent);
    expect(String(exported.headers['content-disposition'])).toContain('attachment');
    expect(String(exported.headers['content-disposition'])).toContain(
      encodeURIComponent(created.exportFileName),
    );

    const state = setupStateSchema.parse(json(await browser.get(apiPaths.setup(id))));
    expect(JSON.stringify(state)).not.toContain(created.secret);

    const handOff = setupStateSchema.parse(
      json(await browser.post(apiPaths.robotHandOff(id), { stored: true })),
    );
    expect(handOff.robot?.handedOff).toBe(true);
    // The source is already connected in this setup, so the next open step is the endpoint.
    expect(handOff.step).toBe('endpoint');
    expect((await browser.get(apiPaths.robotExport(id))).statusCode).toBe(410);
  });

  it('adds deletion permissions when deletions are replicated', async () => {
    await withProject();
    const created = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(id), { name: 'deleter', duration: 30, deletion: true })),
    );
    expect(created.robot.access).toContainEqual({ resource: 'repository', action: 'delete' });
    expect(created.robot.access).toContainEqual({ resource: 'tag', action: 'delete' });
    expect(created.robot.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses push without pull', async () => {
    await withProject();
    const res = await browser.post(apiPaths.robot(id), {
      name: 'pushonly',
      duration: -1,
      access: [{ resource: 'repository', action: 'push' }],
    });
    expect(res.statusCode).toBe(400);
  });

  it('offers reuse or rename on 409; reuse refreshes the secret and uses it', async () => {
    const project = await withProject();
    const first = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(id), { name: 'twin', duration: -1 })),
    );
    const otherId = await connectedSetup(browser, sims);
    await browser.put(apiPaths.project(otherId), { name: project, create: false });
    const conflict = await browser.post(apiPaths.robot(otherId), { name: 'twin', duration: -1 });
    expect(conflict.statusCode).toBe(409);
    expect(apiErrorSchema.parse(conflict.json()).conflict).toEqual({
      existingId: first.robot.id,
      options: ['reuse', 'rename'],
    });
    const reused = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(otherId), { name: 'twin', duration: -1, onConflict: 'reuse' })),
    );
    expect(reused.robot).toMatchObject({ id: first.robot.id, reused: true });
    expect(reused.secret).not.toBe(first.secret);
    expect(setupStateSchema.parse(json(await browser.get(apiPaths.setup(otherId)))).created).toEqual([]);
  });

  it('retries a robot create that failed with 503: exactly one robot exists', async () => {
    const project = await withProject();
    sims.target.control.injectFault({ method: 'POST', path: '/api/v2.0/robots', status: 503 });
    const failed = await browser.post(apiPaths.robot(id), { name: 'flaky', duration: -1 });
    expect(failed.statusCode).toBe(502);
    const ok = await browser.post(apiPaths.robot(id), { name: 'flaky', duration: -1 });
    expect(ok.statusCode).toBe(200);
    const again = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(id), { name: 'flaky', duration: -1 })),
    );
    expect(again.secret).toBe(robotCreatedResponseSchema.parse(ok.json()).secret);
    expect(
      sims.target.control.state().robots.filter((r) => r.name === `robot$${project}+flaky`),
    ).toHaveLength(1);
  });

  it('checks a robot name live', async () => {
    const project = await withProject();
    await browser.post(apiPaths.robot(id), { name: 'taken', duration: -1 });
    expect(json(await browser.get(`${apiPaths.robotCheck(id)}?name=taken`))).toEqual({
      fullName: `robot$${project}+taken`,
      exists: true,
    });
    expect(json(await browser.get(`${apiPaths.robotCheck(id)}?name=free`))).toEqual({
      fullName: `robot$${project}+free`,
      exists: false,
    });
  });

  it('needs a project first', async () => {
    const res = await browser.post(apiPaths.robot(id), { name: 'early', duration: -1 });
    expect(res.statusCode).toBe(409);
    expect(apiErrorSchema.parse(res.json()).code).toBe('project-missing');
  });
});
