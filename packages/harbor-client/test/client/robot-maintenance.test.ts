import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { expiryAfterDurationChange } from '../../src/client/robots.ts';
import type { HarborRobot } from '../../src/types.ts';
import { on, testClient, useMswServer } from './helpers.ts';

useMswServer();

const robot: HarborRobot = {
  id: 17,
  name: 'robot$dst+repl-from-a',
  level: 'project',
  duration: 90,
  description: 'replication from harbor-a',
  disable: false,
  permissions: [
    {
      kind: 'project',
      namespace: 'dst',
      access: [
        { resource: 'repository', action: 'pull' },
        { resource: 'repository', action: 'push' },
        { resource: 'repository', action: 'delete' },
        { resource: 'tag', action: 'delete' },
      ],
    },
  ],
};

describe('robot maintenance', () => {
  it('update() sends the whole robot with PUT /robots/{id} and expects an empty 200', async () => {
    const seen = on('put', '/api/v2.0/robots/:id', () => new HttpResponse(null, { status: 200 }));
    await expect(testClient().robots.update(17, robot)).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({ method: 'PUT', path: '/api/v2.0/robots/17', body: robot });
  });

  it('listSystem() lists robots without q, which Harbor answers with system robots only', async () => {
    const seen = on('get', '/api/v2.0/robots', () =>
      HttpResponse.json([{ id: 3, level: 'system' }], { headers: { 'X-Total-Count': '1' } }),
    );
    expect(await testClient().robots.listSystem({ page: 1, pageSize: 100 })).toEqual({
      items: [{ id: 3, level: 'system' }],
      total: 1,
    });
    expect(seen[0]!.query).toEqual({ page: '1', page_size: '100' });
  });

  it('a system robot is created with create() and level "system"', async () => {
    const seen = on('post', '/api/v2.0/robots', () =>
      HttpResponse.json(
        {
          creation_time: '2026-12-06T03:00:00.000Z',
          expires_at: 1767582000,
          id: 4,
          name: 'robot$replication-watch-a1',
          secret: 'x',
        },
        { status: 201 },
      ),
    );
    await testClient().robots.create({
      name: 'replication-watch-a1',
      level: 'system',
      duration: 30,
      permissions: [
        { kind: 'system', namespace: '/', access: [{ resource: 'jobservice-monitor', action: 'list' }] },
      ],
    });
    expect(seen[0]!.body).toMatchObject({
      level: 'system',
      permissions: [{ kind: 'system', namespace: '/' }],
    });
  });

  it('robotPermissions() reads GET /permissions', async () => {
    const perms = {
      project: [{ action: 'pull', resource: 'repository' }],
      system: [{ action: 'list', resource: 'jobservice-monitor' }],
    };
    const seen = on('get', '/api/v2.0/permissions', () => HttpResponse.json(perms));
    expect(await testClient().robotPermissions()).toEqual(perms);
    expect(seen).toHaveLength(1);
  });
});

describe('expiryAfterDurationChange', () => {
  it('counts the new duration in days from the creation time, in UTC, and -1 means never', () => {
    const created = '2026-01-31T23:30:00.000Z';
    expect(expiryAfterDurationChange(created, 30)).toBe(Date.UTC(2026, 2, 2, 23, 30) / 1000);
    expect(expiryAfterDurationChange(created, 1)).toBe(Date.UTC(2026, 1, 1, 23, 30) / 1000);
    expect(expiryAfterDurationChange(created, -1)).toBe(-1);
    expect(() => expiryAfterDurationChange('yesterday', 30)).toThrow('invalid robot creation time');
  });
});
