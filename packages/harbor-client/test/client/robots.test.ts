import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HarborRobotCreate } from '../../src/types.ts';
import { on, testClient, useMswServer } from './helpers.ts';

useMswServer();

const createReq: HarborRobotCreate = {
  name: 'repl-from-a',
  description: 'replication from harbor-a',
  level: 'project',
  duration: -1,
  disable: false,
  permissions: [
    {
      kind: 'project',
      namespace: 'dst',
      access: [
        { resource: 'repository', action: 'pull' },
        { resource: 'repository', action: 'push' },
      ],
    },
  ],
};

describe('robots', () => {
  it('create() posts the body and returns Harbor’s RobotCreated body (the one create with a body)', async () => {
    const created = {
      creation_time: '2026-11-26T10:00:00.000Z',
      expires_at: -1,
      id: 17,
      name: 'robot$dst+repl-from-a',
      secret: 'Ab3defGhijklmnopQrstuvwxyz012345',
    };
    const seen = on('post', '/api/v2.0/robots', () =>
      HttpResponse.json(created, { status: 201, headers: { Location: '/api/v2.0/robots/17' } }),
    );
    await expect(testClient().robots.create(createReq)).resolves.toEqual(created);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/v2.0/robots', body: createReq });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('get() reads one robot; a missing `disable` (false, omitted) is simply absent', async () => {
    const seen = on('get', '/api/v2.0/robots/:id', () =>
      HttpResponse.json({
        id: 17,
        name: 'robot$dst+repl-from-a',
        level: 'project',
        duration: -1,
        expires_at: -1,
      }),
    );
    const robot = await testClient().robots.get(17);
    expect(robot.name).toBe('robot$dst+repl-from-a');
    expect(robot.disable).toBeUndefined();
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/v2.0/robots/17' });
  });

  it('listByProject() asks for project robots with q=Level=project,ProjectID=<id>', async () => {
    const seen = on('get', '/api/v2.0/robots', () =>
      HttpResponse.json([{ id: 17 }], { headers: { 'X-Total-Count': '1' } }),
    );
    const page = await testClient().robots.listByProject(3, { page: 1, pageSize: 50 });
    expect(page).toEqual({ items: [{ id: 17 }], total: 1 });
    expect(seen[0]!.query).toEqual({ q: 'Level=project,ProjectID=3', page: '1', page_size: '50' });
  });

  it('refreshSecret() without a secret sends {} and returns the generated one', async () => {
    const seen = on('patch', '/api/v2.0/robots/:id', () =>
      HttpResponse.json({ secret: 'NewSecret123abcdefghijklmnopqrstu' }),
    );
    await expect(testClient().robots.refreshSecret(17)).resolves.toEqual({
      secret: 'NewSecret123abcdefghijklmnopqrstu',
    });
    expect(seen[0]).toMatchObject({ method: 'PATCH', path: '/api/v2.0/robots/17', body: {} });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('refreshSecret() with a chosen secret sends it and accepts Harbor’s `{}` answer', async () => {
    const seen = on('patch', '/api/v2.0/robots/:id', () => HttpResponse.json({}));
    await expect(testClient().robots.refreshSecret(17, 'MyOwnSecret1')).resolves.toEqual({});
    expect(seen[0]!.body).toEqual({ secret: 'MyOwnSecret1' });
  });

  it('delete() sends DELETE /robots/{id}', async () => {
    const seen = on('delete', '/api/v2.0/robots/:id', () => new HttpResponse(null, { status: 200 }));
    await testClient().robots.delete(17);
    expect(seen[0]).toMatchObject({ method: 'DELETE', path: '/api/v2.0/robots/17', text: '' });
    expect(seen[0]!.headers['content-type']).toBeUndefined();
  });
});
