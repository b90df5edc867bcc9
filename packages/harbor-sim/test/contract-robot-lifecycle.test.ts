import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import { ADMIN, DEVELOPER, client, createRobot, errorOf, PUSH_ACCESS, startSim } from './support/harbor.ts';

// Robot expiry, secret refresh and update as Harbor 2.15 does them
// (`src/server/v2.0/handler/robot.go`, `src/controller/robot/controller.go`,
// `src/server/middleware/security/robot.go`), on a simulator whose clock the test controls.

const START = Date.UTC(2026, 2, 1, 12, 0, 0);
const DAY = 86_400;
let sim: HarborSim;
beforeAll(async () => {
  sim = await startSim({ name: 'target', seed: 'target', clock: { now: () => new Date(START) } });
});
afterAll(async () => {
  await sim.close();
});

const admin = () => client(sim, ADMIN);
const nowSeconds = (): number => Math.floor(new Date(sim.control.state().now).getTime() / 1000);
type RobotView = {
  id: number;
  name: string;
  duration: number;
  expires_at: number;
  creation_time: string;
  permissions: { kind: string; namespace: string; access: { resource: string; action: string }[] }[];
};
const robotView = async (id: number): Promise<RobotView> =>
  (await admin().get(`/api/v2.0/robots/${id}`)).json as RobotView;
/** `GET /users/current` answers 412 to an authenticated robot and 401 to anonymous. */
const authenticates = async (name: string, password: string): Promise<boolean> => {
  const status = (await client(sim, { username: name, password }).get('/api/v2.0/users/current')).status;
  if (status !== 412 && status !== 401) throw new Error(`unexpected status ${status}`);
  return status === 412;
};

describe('robot expiry follows the simulated clock', () => {
  it('a robot stops authenticating once the clock reaches its expires_at (Harbor: ExpiresAt <= now is anonymous)', async () => {
    const robot = await createRobot(sim, 'backup', 'one-day', PUSH_ACCESS, 1);
    const created = await robotView(robot.id);
    expect(created.expires_at).toBe(nowSeconds() + DAY);
    expect(await authenticates(robot.name, robot.secret)).toBe(true);
    sim.control.advanceClock((created.expires_at - nowSeconds() - 1) * 1000);
    expect(await authenticates(robot.name, robot.secret)).toBe(true);
    sim.control.advanceClock(1000);
    expect(nowSeconds()).toBe(created.expires_at);
    expect(await authenticates(robot.name, robot.secret)).toBe(false);
    // The token service treats it as anonymous too: no access is granted for its project.
    const auth = `Basic ${Buffer.from(`${robot.name}:${robot.secret}`).toString('base64')}`;
    const token = await fetch(
      `${sim.url}/service/token?service=harbor-registry&scope=${encodeURIComponent('repository:backup/app:pull,push')}`,
      { headers: { authorization: auth } },
    );
    const body = (await token.json()) as { token?: string };
    const claims = JSON.parse(
      Buffer.from((body.token ?? '').split('.')[1] ?? '', 'base64url').toString('utf8') || '{}',
    ) as { access?: { actions: string[] }[] };
    expect((claims.access ?? []).flatMap((a) => a.actions)).toEqual([]);
  });
});

describe('robot secret refresh (PATCH /robots/{id})', () => {
  it('a refresh changes neither the expiry nor the duration; the old secret stops working at once', async () => {
    const robot = await createRobot(sim, 'backup', 'rotate-keeps-expiry', PUSH_ACCESS, 30);
    const before = await robotView(robot.id);
    sim.control.advanceClock(10 * DAY * 1000);
    const res = await admin().patch(`/api/v2.0/robots/${robot.id}`, {});
    expect(res.status).toBe(200);
    const { secret } = res.json as { secret: string };
    const after = await robotView(robot.id);
    expect(after.expires_at).toBe(before.expires_at);
    expect(after.duration).toBe(30);
    expect(await authenticates(robot.name, robot.secret)).toBe(false);
    expect(await authenticates(robot.name, secret)).toBe(true);
  });

  it('a robot may refresh its own secret only when it holds robot:update in its project; otherwise 403', async () => {
    const plain = await createRobot(sim, 'backup', 'self-rotate-denied', PUSH_ACCESS);
    const denied = await client(sim, { username: plain.name, password: plain.secret }).patch(
      `/api/v2.0/robots/${plain.id}`,
      {},
    );
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toEqual({ code: 'FORBIDDEN', message: 'forbidden' });

    const manager = await createRobot(sim, 'backup', 'self-rotate-allowed', [
      ...PUSH_ACCESS,
      { resource: 'robot', action: 'update' },
    ]);
    const own = await client(sim, { username: manager.name, password: manager.secret }).patch(
      `/api/v2.0/robots/${manager.id}`,
      { secret: 'SelfChosen123' },
    );
    expect(own.status).toBe(200);
    expect(own.json).toEqual({});
    expect(await authenticates(manager.name, manager.secret)).toBe(false);
    expect(await authenticates(manager.name, 'SelfChosen123')).toBe(true);
  });
});

describe('custom secrets per version', () => {
  it('before 2.9 a chosen secret needs 8+ characters with upper, lower and digit, with the older message and no upper bound', async () => {
    const old = await startSim({ name: 'old', seed: 'target-old', version: '2.8.6' });
    try {
      const robot = await createRobot(old, 'backup', 'legacy-rules', PUSH_ACCESS);
      const weak = await client(old).patch(`/api/v2.0/robots/${robot.id}`, { secret: 'alllowercase1' });
      expect(weak.status).toBe(400);
      expect(errorOf(weak).message).toBe(
        'the secret must longer than 8 chars with at least 1 uppercase letter, 1 lowercase letter and 1 number',
      );
      const long = `Aa1${'x'.repeat(200)}`;
      expect((await client(old).patch(`/api/v2.0/robots/${robot.id}`, { secret: long })).status).toBe(200);
    } finally {
      await old.close();
    }
  });
});

describe('robot update (PUT /robots/{id})', () => {
  const putBody = (view: RobotView, extra: Record<string, unknown> = {}) => ({
    name: view.name,
    level: 'project',
    duration: view.duration,
    description: '',
    disable: false,
    permissions: view.permissions,
    ...extra,
  });

  it('a new duration counts from the creation time, not from now', async () => {
    const robot = await createRobot(sim, 'backup', 'extend-me', PUSH_ACCESS, 30);
    const created = await robotView(robot.id);
    const createdAt = Math.floor(Date.parse(created.creation_time) / 1000);
    sim.control.advanceClock(20 * DAY * 1000);
    const res = await admin().put(`/api/v2.0/robots/${robot.id}`, putBody(created, { duration: 90 }));
    expect(res.status).toBe(200);
    const after = await robotView(robot.id);
    expect(after.duration).toBe(90);
    expect(after.expires_at).toBe(createdAt + 90 * DAY);
    expect(after.expires_at).not.toBe(nowSeconds() + 90 * DAY);
  });

  it('duration -1 makes it never expire, and revives an expired robot with its old secret', async () => {
    const robot = await createRobot(sim, 'backup', 'never-again', PUSH_ACCESS, 1);
    sim.control.advanceClock(2 * DAY * 1000);
    expect(await authenticates(robot.name, robot.secret)).toBe(false);
    const view = await robotView(robot.id);
    expect((await admin().put(`/api/v2.0/robots/${robot.id}`, putBody(view, { duration: -1 }))).status).toBe(
      200,
    );
    expect((await robotView(robot.id)).expires_at).toBe(-1);
    expect(await authenticates(robot.name, robot.secret)).toBe(true);
  });

  it('an omitted duration keeps the duration, and an unchanged one keeps the stored expiry', async () => {
    const robot = await createRobot(sim, 'backup', 'keep-expiry', PUSH_ACCESS, 30);
    const view = await robotView(robot.id);
    const { duration: _omitted, ...withoutDuration } = putBody(view);
    expect((await admin().put(`/api/v2.0/robots/${robot.id}`, withoutDuration)).status).toBe(200);
    expect(await robotView(robot.id)).toMatchObject({ duration: 30, expires_at: view.expires_at });
    // Harbor recomputes the expiry only when the duration differs from the stored one.
    sim.control.setRobotExpiry(robot.id, view.expires_at + 3600);
    expect((await admin().put(`/api/v2.0/robots/${robot.id}`, putBody(view))).status).toBe(200);
    expect((await robotView(robot.id)).expires_at).toBe(view.expires_at + 3600);
  });

  it('permissions change in place and the secret stays valid', async () => {
    const robot = await createRobot(sim, 'backup', 'widen-me', PUSH_ACCESS);
    const view = await robotView(robot.id);
    const wider = [
      {
        kind: 'project',
        namespace: 'backup',
        access: [
          ...PUSH_ACCESS,
          { resource: 'repository', action: 'delete' },
          { resource: 'tag', action: 'delete' },
        ],
      },
    ];
    expect(
      (await admin().put(`/api/v2.0/robots/${robot.id}`, putBody(view, { permissions: wider }))).status,
    ).toBe(200);
    const after = await robotView(robot.id);
    expect(after.permissions[0]!.access.map((a) => `${a.resource}:${a.action}`)).toEqual([
      'repository:pull',
      'repository:push',
      'repository:delete',
      'tag:delete',
    ]);
    expect(await authenticates(robot.name, robot.secret)).toBe(true);
  });

  it('the body is validated before access: a developer sending a bad duration gets 400, a good one 403', async () => {
    const robot = await createRobot(sim, 'backup', 'guarded', PUSH_ACCESS);
    const view = await robotView(robot.id);
    const bad = await client(sim, DEVELOPER).put(
      `/api/v2.0/robots/${robot.id}`,
      putBody(view, { duration: 0 }),
    );
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toBe(
      'bad request error duration input: 0, duration must be either -1(Never) or a positive integer',
    );
    const good = await client(sim, DEVELOPER).put(`/api/v2.0/robots/${robot.id}`, putBody(view));
    expect(good.status).toBe(403);
  });

  it('level, name and project are immutable, with Harbor messages and statuses', async () => {
    const robot = await createRobot(sim, 'backup', 'immutable', PUSH_ACCESS);
    const view = await robotView(robot.id);
    const moved = await admin().put(
      `/api/v2.0/robots/${robot.id}`,
      putBody(view, { permissions: [{ kind: 'project', namespace: 'library', access: PUSH_ACCESS }] }),
    );
    expect(moved.status).toBe(400);
    expect(errorOf(moved).message).toBe('cannot update the project id of robot');
    const missing = await admin().put(
      `/api/v2.0/robots/${robot.id}`,
      putBody(view, { permissions: [{ kind: 'project', namespace: 'nowhere', access: PUSH_ACCESS }] }),
    );
    expect(missing.status).toBe(404);
    expect(errorOf(missing).message).toBe('project nowhere not found');
    const leveled = await admin().put(`/api/v2.0/robots/${robot.id}`, putBody(view, { level: 'system' }));
    expect(leveled.status).toBe(400);
    expect(errorOf(leveled).message).toBe('cannot update the level or name of robot');
  });
});
