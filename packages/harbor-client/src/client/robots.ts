import type { HarborRobot, HarborRobotCreate, HarborRobotCreated, HarborRobotSec } from '../types.ts';
import type { Page, PageQuery } from './pagination.ts';
import { pageParams } from './pagination.ts';
import type { Query } from './paths.ts';
import { API, seg } from './paths.ts';
import { readObject, readPage } from './read-response.ts';
import type { Transport } from './transport.ts';

/**
 * The `expires_at` (Unix seconds, -1 = never) Harbor stores when a robot's duration is changed to
 * `durationDays`: its CREATION time plus that many days (`updateV2Robot` in
 * `src/server/v2.0/handler/robot.go`: `r.CreationTime.AddDate(0, 0, d).Unix()`), not now plus days.
 * An unchanged duration keeps the stored expiry; a secret refresh never moves it.
 */
export function expiryAfterDurationChange(creationTime: string, durationDays: number): number {
  if (durationDays === -1) return -1;
  const created = new Date(creationTime);
  if (Number.isNaN(created.getTime())) throw new Error(`invalid robot creation time: ${creationTime}`);
  created.setUTCDate(created.getUTCDate() + durationDays);
  return Math.floor(created.getTime() / 1000);
}

export function createRobotsApi(t: Transport) {
  return {
    // The one create that answers with a body (it carries the secret, shown only once).
    async create(req: HarborRobotCreate): Promise<HarborRobotCreated> {
      const res = await t.send({
        operation: 'robots.create',
        method: 'POST',
        path: `${API}/robots`,
        body: req,
      });
      return readObject<HarborRobotCreated>('robots.create', res);
    },

    async get(id: number): Promise<HarborRobot> {
      const res = await t.send({ operation: 'robots.get', method: 'GET', path: `${API}/robots/${seg(id)}` });
      return readObject<HarborRobot>('robots.get', res);
    },

    /** System-level robots: Harbor lists only those when no `q` is given. */
    async listSystem(q?: PageQuery): Promise<Page<HarborRobot>> {
      const query: Query<'ListRobot'> = { ...pageParams(q) };
      const res = await t.send({
        operation: 'robots.listSystem',
        method: 'GET',
        path: `${API}/robots`,
        query,
      });
      return readPage<HarborRobot>('robots.listSystem', res);
    },

    /**
     * A full replace of description, disable, duration and permissions (`name` and `level` must be
     * the robot's own). The secret is untouched. A changed `duration` moves `expires_at` to the
     * robot's CREATION time plus the new number of days (-1: never); an omitted one keeps it.
     */
    async update(id: number, robot: HarborRobot): Promise<void> {
      await t.send({
        operation: 'robots.update',
        method: 'PUT',
        path: `${API}/robots/${seg(id)}`,
        body: robot,
      });
    },

    async listByProject(projectId: number, q?: PageQuery): Promise<Page<HarborRobot>> {
      // Without `q` Harbor lists system robots only.
      const query: Query<'ListRobot'> = { ...pageParams(q), q: `Level=project,ProjectID=${projectId}` };
      const res = await t.send({
        operation: 'robots.listByProject',
        method: 'GET',
        path: `${API}/robots`,
        query,
      });
      return readPage<HarborRobot>('robots.listByProject', res);
    },

    /** Without `secret` Harbor generates one and returns it; with one it answers `{}`. */
    async refreshSecret(id: number, secret?: string): Promise<HarborRobotSec> {
      const body: HarborRobotSec = secret === undefined ? {} : { secret };
      const res = await t.send({
        operation: 'robots.refreshSecret',
        method: 'PATCH',
        path: `${API}/robots/${seg(id)}`,
        body,
      });
      return res.body.trim() === '' ? {} : readObject<HarborRobotSec>('robots.refreshSecret', res);
    },

    async delete(id: number): Promise<void> {
      await t.send({ operation: 'robots.delete', method: 'DELETE', path: `${API}/robots/${seg(id)}` });
    },
  };
}
