// A robot changed after the endpoint uses it: deletion permissions added in place (same secret),
// a re-created secret handed to the endpoint, and a stale tab's write refused.
import type { SetupState } from '@hw/wizard-api';
import {
  apiPaths,
  connectionTestResultSchema,
  robotCreatedResponseSchema,
  SETUP_VERSION_HEADER,
  setupStateSchema,
} from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { connectedBrowser, startAppWithSims, TARGET_ADMIN } from '../sims.ts';
import { RULE, ok, throughRobot } from './push-flow.ts';

const { sims, app } = await startAppWithSims();

/** A push setup whose endpoint is saved and tested with a robot made without delete permissions. */
async function setupWithEndpoint(project: string) {
  const { browser, id } = await connectedBrowser(app, sims);
  const robot = await throughRobot(browser, id, project);
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
  const defaults = ok<{ url: string }>(await browser.get(apiPaths.endpointDefaults(id)), 'defaults');
  ok(await browser.put(apiPaths.endpoint(id), { name: `ep-${project}`, url: defaults.url }), 'endpoint');
  const test = connectionTestResultSchema.parse(
    ok(await browser.post(apiPaths.connectionTest(id)), 'connection test'),
  );
  expect(test.ok).toBe(true);
  return { browser, id, robot };
}

/** The robot as the target Harbor holds it, read with the admin's credentials. */
async function robotOnTarget(robotId: number) {
  const auth = Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64');
  const res = await fetch(`${sims.target.url}/api/v2.0/robots/${robotId}`, {
    headers: { authorization: `Basic ${auth}` },
  });
  return (await res.json()) as {
    description?: string;
    permissions: { access: { resource: string; action: string }[] }[];
  };
}

describe('deletion permissions for a robot this setup created', () => {
  it('are added in place: the endpoint still pings with the same secret, and a rule with deletions is saved', async () => {
    const { browser, id, robot } = await setupWithEndpoint('perms');
    const state = setupStateSchema.parse(
      ok(await browser.put(apiPaths.robotPermissions(id), { deletion: true }), 'permissions'),
    );
    expect(state.robot?.id).toBe(robot.robot.id);
    expect(state.robot?.access).toContainEqual({ resource: 'repository', action: 'delete' });
    expect(state.robot?.access).toContainEqual({ resource: 'tag', action: 'delete' });
    const onHarbor = await robotOnTarget(robot.robot.id);
    expect(onHarbor.permissions.flatMap((p) => p.access)).toEqual(
      expect.arrayContaining([
        { resource: 'repository', action: 'push' },
        { resource: 'repository', action: 'delete' },
        { resource: 'tag', action: 'delete' },
      ]),
    );
    // Everything else of the robot was sent back as it was.
    expect(onHarbor.description ?? '').toBe(robot.robot.description);

    // The secret did not change: Harbor's ping of the saved endpoint still logs in.
    const test = connectionTestResultSchema.parse(
      ok(await browser.post(apiPaths.connectionTest(id)), 'connection test'),
    );
    expect(test.checks.find((c) => c.id === 'harbor-ping')?.status).toBe('pass');

    const sourceProject = sims.source.control.state().projects[0]!.name;
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        ...RULE('perms', sourceProject),
        trigger: { type: 'event_based', cron: '' },
        deletion: true,
      }),
      'draft',
    );
    const done = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));
    expect(done.policy).not.toBeNull();
  });
});

describe('re-creating a robot this setup created, now with deletions', () => {
  it('reuses it with the permissions added instead of refusing it as too weak', async () => {
    const { browser, id, robot } = await setupWithEndpoint('recreate');
    const body = { name: 'replicator', duration: -1, deletion: true };
    const taken = await browser.post(apiPaths.robot(id), body);
    expect(taken.statusCode).toBe(409);
    const reused = robotCreatedResponseSchema.parse(
      ok(await browser.post(apiPaths.robot(id), { ...body, onConflict: 'reuse' }), 'reuse'),
    );
    expect(reused.robot.id).toBe(robot.robot.id);
    expect(reused.robot.reused).toBe(false);
    expect(reused.robot.access).toContainEqual({ resource: 'tag', action: 'delete' });
    expect((await robotOnTarget(robot.robot.id)).permissions.flatMap((p) => p.access)).toContainEqual({
      resource: 'repository',
      action: 'delete',
    });
    expect(reused.endpointUpdate?.connectionTest?.ok).toBe(true);
  });
});

describe('a robot whose secret changes while an endpoint uses it', () => {
  it('hands the endpoint the new secret and re-runs the connection test', async () => {
    const { browser, id, robot } = await setupWithEndpoint('rewire');
    const again = robotCreatedResponseSchema.parse(
      ok(
        await browser.post(apiPaths.robot(id), { name: 'replicator', duration: -1, onConflict: 'reuse' }),
        'reuse',
      ),
    );
    expect(again.secret).not.toBe(robot.secret);
    expect(again.endpointUpdate).toMatchObject({ endpoint: 'ep-rewire', side: 'source', updated: true });
    expect(again.endpointUpdate?.message).toContain('ep-rewire');
    expect(again.endpointUpdate?.connectionTest?.ok).toBe(true);
    expect(again.endpointUpdate?.connectionTest?.checks.find((c) => c.id === 'harbor-ping')?.status).toBe(
      'pass',
    );
    const state = setupStateSchema.parse(ok(await browser.get(apiPaths.setup(id)), 'setup'));
    expect(state.completedSteps).toEqual(expect.arrayContaining(['endpoint', 'connection-test']));
  });
});

describe('a write from a stale tab', () => {
  it('is refused with 409 setup-changed while a current one goes through', async () => {
    const { browser, id } = await connectedBrowser(app, sims);
    const opened = await browser.get(apiPaths.setup(id));
    const seen = opened.headers[SETUP_VERSION_HEADER];
    expect(seen).toBe(String(ok<SetupState>(opened, 'setup').version));

    // The other tab writes with the version it saw, and moves the setup on.
    const other = await browser.request(
      'PUT',
      apiPaths.project(id),
      { name: 'tabs', create: true },
      { [SETUP_VERSION_HEADER]: String(seen) },
    );
    expect(other.statusCode).toBe(200);
    expect(Number(other.headers[SETUP_VERSION_HEADER])).toBeGreaterThan(Number(seen));

    // This tab still has the old version.
    const stale = await browser.request(
      'POST',
      apiPaths.robot(id),
      { name: 'replicator', duration: -1 },
      { [SETUP_VERSION_HEADER]: String(seen) },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'setup-changed',
      message: 'This setup changed in another tab — reload to see the current state.',
    });
    const after = setupStateSchema.parse(ok(await browser.get(apiPaths.setup(id)), 'setup'));
    expect(after.robot).toBeNull();
  });
});
