// Reusing an existing robot (409 → "reuse") refreshes its secret only when it can replicate, and the
// export file is then what Harbor's portal exports for a refreshed secret: the whole robot.
import { apiErrorSchema, apiPaths, robotCreatedResponseSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { Browser, json } from '../helpers.ts';
import { TARGET_ADMIN, connectedSetup, startAppWithSims } from '../sims.ts';
import { ok } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

const auth = `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}`;
let n = 0;

/** A robot made by a first setup, and a second setup on the same project that meets it as a 409. */
async function existingRobot(access?: { resource: string; action: string }[]) {
  const browser = await Browser.started(app);
  const project = `reuse-${++n}`;
  const first = await connectedSetup(browser, sims);
  ok(await browser.put(apiPaths.project(first), { name: project, create: true }), 'project');
  const robot = robotCreatedResponseSchema.parse(
    ok(
      await browser.post(apiPaths.robot(first), {
        name: 'shared',
        duration: -1,
        ...(access ? { access } : {}),
      }),
      'robot',
    ),
  );
  const second = await connectedSetup(browser, sims);
  ok(await browser.put(apiPaths.project(second), { name: project, create: false }), 'same project');
  const reuse = () =>
    browser.post(apiPaths.robot(second), { name: 'shared', duration: -1, onConflict: 'reuse' });
  return { robot, reuse, browser, second };
}

function unusable(res: Awaited<ReturnType<Awaited<ReturnType<typeof existingRobot>>['reuse']>>) {
  expect(res.statusCode).toBe(409);
  const error = apiErrorSchema.parse(res.json());
  expect(error.code).toBe('robot-unusable');
  expect(error.conflict?.options).toEqual(['rename']);
  return error;
}

describe('robot reuse', () => {
  it('refuses a disabled robot', async () => {
    const { robot, reuse } = await existingRobot();
    const url = `${sims.target.url}/api/v2.0/robots/${robot.robot.id}`;
    const current = (await (await fetch(url, { headers: { authorization: auth } })).json()) as Record<
      string,
      unknown
    >;
    const put = await fetch(url, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, disable: true }),
    });
    expect(put.status).toBe(200);
    const error = unusable(await reuse());
    expect(error.message).toContain('is disabled');
    expect(error.hint).toMatch(/Enable it in Harbor/);
  });

  it('refuses an expired robot', async () => {
    const { robot, reuse } = await existingRobot();
    sims.target.control.setRobotExpiry(robot.robot.id, Math.floor(Date.now() / 1000) - 86_400);
    const error = unusable(await reuse());
    expect(error.message).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
    expect(error.hint).toMatch(/Extend its expiry/);
  });

  it('refuses a robot without the preset permissions, naming what is missing', async () => {
    const { reuse } = await existingRobot([{ resource: 'repository', action: 'pull' }]);
    const error = unusable(await reuse());
    expect(error.message).toContain('lacks repository:push');
    expect(error.hint).toMatch(/pick another name/);
  });

  it('reuses a healthy robot; its export file is the whole robot with the new secret', async () => {
    const { robot, reuse, browser, second } = await existingRobot();
    const reused = robotCreatedResponseSchema.parse(json(await reuse()));
    expect(reused.robot).toMatchObject({ id: robot.robot.id, reused: true });
    expect(reused.secret).not.toBe(robot.secret);
    const content = JSON.parse(reused.exportContent) as Record<string, unknown>;
    expect(content).toMatchObject({
      id: robot.robot.id,
      name: robot.robot.name,
      level: 'project',
      secret: reused.secret,
    });
    expect(content.permissions).toEqual([
      expect.objectContaining({ kind: 'project', access: expect.any(Array) as unknown }),
    ]);
    expect(Object.keys(content)).toEqual(expect.arrayContaining(['editable', 'disable', 'creation_time']));
    expect(reused.exportFileName).toBe(`${robot.robot.name}.json`);
    const file = await browser.get(apiPaths.robotExport(second));
    expect(file.body).toBe(reused.exportContent);
  });
});
