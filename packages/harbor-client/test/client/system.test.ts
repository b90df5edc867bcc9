import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, BASIC, on, testClient, useMswServer } from './helpers.ts';

useMswServer();

describe('login probe and identity calls', () => {
  it('version() calls /api/version outside /api/v2.0 with Basic auth', async () => {
    const seen = on('get', '/api/version', () => HttpResponse.json({ version: 'v2.0' }));
    await expect(testClient().version()).resolves.toEqual({ version: 'v2.0' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/version', query: {} });
    expect(seen[0]!.headers.authorization).toBe(BASIC);
    expect(seen[0]!.headers['content-type']).toBeUndefined();
  });

  it('ping() returns the text/plain "Pong"', async () => {
    const seen = on('get', '/api/v2.0/ping', () => HttpResponse.text('Pong'));
    await expect(testClient().ping()).resolves.toBe('Pong');
    expect(seen[0]!.path).toBe('/api/v2.0/ping');
  });

  it('systemInfo() returns the GeneralInfo, tolerating the fields an anonymous caller does not get', async () => {
    on('get', '/api/v2.0/systeminfo', () =>
      HttpResponse.json({ auth_mode: 'db_auth', self_registration: false }),
    );
    const info = await testClient().systemInfo();
    expect(info.auth_mode).toBe('db_auth');
    expect(info.harbor_version).toBeUndefined();
  });

  it('currentUser() sends GET /users/current', async () => {
    const seen = on('get', '/api/v2.0/users/current', () =>
      HttpResponse.json({ user_id: 1, username: 'admin', sysadmin_flag: true, admin_role_in_auth: false }),
    );
    const user = await testClient().currentUser();
    expect(user).toMatchObject({ username: 'admin', sysadmin_flag: true });
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/api/v2.0/users/current' });
  });

  it('currentUserPermissions() sends scope and relative', async () => {
    const seen = on('get', '/api/v2.0/users/current/permissions', () =>
      HttpResponse.json([{ resource: 'robot', action: 'create' }]),
    );
    const perms = await testClient().currentUserPermissions('/project/7', true);
    expect(perms).toEqual([{ resource: 'robot', action: 'create' }]);
    expect(seen[0]!.query).toEqual({ scope: '/project/7', relative: 'true' });
  });

  it('leaves relative out when not given', async () => {
    const seen = on('get', '/api/v2.0/users/current/permissions', () => HttpResponse.json([]));
    await testClient().currentUserPermissions('/system');
    expect(seen[0]!.query).toEqual({ scope: '/system' });
  });

  it('sends the user agent when configured, and no credentials when none are given', async () => {
    const seen = on('get', '/api/version', () => HttpResponse.json({ version: 'v2.0' }));
    const client = testClient({ username: undefined, password: undefined, userAgent: 'hw-wizard/1' });
    await client.version();
    expect(seen[0]!.headers['user-agent']).toBe('hw-wizard/1');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('normalises a trailing slash in baseUrl', async () => {
    const seen = on('get', '/api/version', () => HttpResponse.json({ version: 'v2.0' }));
    const client = testClient({ baseUrl: `${BASE}/` });
    expect(client.baseUrl).toBe(BASE);
    await client.version();
    expect(seen[0]!.path).toBe('/api/version');
  });

  it('encodes non-Latin-1 credentials as UTF-8', async () => {
    const seen = on('get', '/api/v2.0/users/current', () => HttpResponse.json({ username: 'jörg' }));
    await testClient({ username: 'jörg', password: 'pä$$€' }).currentUser();
    expect(seen[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('jörg:pä$$€', 'utf8').toString('base64')}`,
    );
  });
});
