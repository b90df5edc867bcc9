// The permission check proves the robot itself: on a public project anyone gets a pull token, so a
// deleted robot or one without the preset must not pass just because the project is public.
import { apiPaths, connectionTestResultSchema, endpointDefaultsSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { Browser, json } from '../helpers.ts';
import { SOURCE_ADMIN, connectedSetup, startAppWithSims } from '../sims.ts';
import { ok } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

const PUBLIC_PROJECT = 'library';
let n = 0;

/** A pull setup whose robot lives in the source's public project, with its endpoint saved on the target. */
async function pullSetupOnPublicProject(browser: Browser, access?: { resource: string; action: string }[]) {
  expect(sims.source.control.state().projects.find((p) => p.name === PUBLIC_PROJECT)?.public).toBe(true);
  const id = await connectedSetup(browser, sims, 'pull');
  const name = `perm-${++n}`;
  ok(
    await browser.put(apiPaths.project(id), { name, create: true, sourceProject: PUBLIC_PROJECT }),
    'project',
  );
  const robot = ok<{ robot: { id: number } }>(
    await browser.post(apiPaths.robot(id), {
      name: `puller-${n}`,
      duration: -1,
      ...(access ? { access } : {}),
    }),
    'robot',
  );
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
  const defaults = endpointDefaultsSchema.parse(
    ok(await browser.get(apiPaths.endpointDefaults(id)), 'defaults'),
  );
  ok(await browser.put(apiPaths.endpoint(id), { name: `perm-source-${n}`, url: defaults.url }), 'endpoint');
  return { id, robotId: robot.robot.id };
}

async function permissionsCheck(browser: Browser, id: string) {
  const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
  return { test, check: test.checks.find((c) => c.id === 'permissions')! };
}

describe('robot permission check on a public project', () => {
  it('passes for the preset robot, and fails as wrong credentials once the robot is deleted', async () => {
    const browser = await Browser.started(app);
    const { id, robotId } = await pullSetupOnPublicProject(browser);
    expect((await permissionsCheck(browser, id)).check.status).toBe('pass');

    const auth = `Basic ${Buffer.from(`${SOURCE_ADMIN.username}:${SOURCE_ADMIN.password}`).toString('base64')}`;
    const deleted = await fetch(`${sims.source.url}/api/v2.0/robots/${robotId}`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
    expect(deleted.status).toBe(200);

    const { test, check } = await permissionsCheck(browser, id);
    expect(check.status).toBe('fail');
    expect(check.cause).toMatch(/Wrong credentials/);
    expect(check.fix).toMatch(/reuse/);
    expect(test.ok).toBe(false);
  });

  it('fails a valid robot whose only pull comes from the project being public', async () => {
    const browser = await Browser.started(app);
    const { id } = await pullSetupOnPublicProject(browser, [
      { resource: 'artifact', action: 'list' },
      { resource: 'artifact', action: 'read' },
    ]);
    const { test, check } = await permissionsCheck(browser, id);
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(`"${PUBLIC_PROJECT}" is public`);
    expect(check.cause).toMatch(/anonymous/);
    expect(check.fix).toMatch(/replication preset/);
    expect(test.ok).toBe(false);
  });
});
