// Calls that identify the Harbor and the caller (login probe, version, permissions).
import type { components } from '../generated/harbor.d.ts';
import type { HarborCurrentUser, HarborPermission, HarborSystemInfo } from '../types.ts';
import type { Query } from './paths.ts';
import { API } from './paths.ts';
import { readArray, readObject } from './read-response.ts';
import type { Transport } from './transport.ts';

export function createSystemApi(t: Transport) {
  return {
    async version(): Promise<{ version: string }> {
      // Outside /api/v2.0: a 404 here means Harbor 1.x.
      const res = await t.send({ operation: 'version', method: 'GET', path: '/api/version' });
      return readObject<{ version: string }>('version', res);
    },

    async ping(): Promise<string> {
      const res = await t.send({ operation: 'ping', method: 'GET', path: `${API}/ping` });
      return res.body;
    },

    async systemInfo(): Promise<HarborSystemInfo> {
      const res = await t.send({ operation: 'systemInfo', method: 'GET', path: `${API}/systeminfo` });
      return readObject<HarborSystemInfo>('systemInfo', res);
    },

    async currentUser(): Promise<HarborCurrentUser> {
      const res = await t.send({ operation: 'currentUser', method: 'GET', path: `${API}/users/current` });
      return readObject<HarborCurrentUser>('currentUser', res);
    },

    /**
     * The {resource, action} pairs robots may be given (2.10+): both scopes for a system admin,
     * only `project` for a project admin, 403 for anyone else, 404 before 2.10.
     */
    async robotPermissions(): Promise<components['schemas']['Permissions']> {
      const res = await t.send({ operation: 'robotPermissions', method: 'GET', path: `${API}/permissions` });
      return readObject<components['schemas']['Permissions']>('robotPermissions', res);
    },

    async currentUserPermissions(scope: string, relative?: boolean): Promise<HarborPermission[]> {
      const query: Query<'getCurrentUserPermissions'> = { scope, relative };
      const res = await t.send({
        operation: 'currentUserPermissions',
        method: 'GET',
        path: `${API}/users/current/permissions`,
        query,
      });
      return readArray<HarborPermission>('currentUserPermissions', res);
    },
  };
}
