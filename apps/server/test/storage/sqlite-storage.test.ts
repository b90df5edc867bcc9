import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { SecretStore } from '../../src/security/secret-store.ts';
import { Vault } from '../../src/security/vault.ts';
import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite-storage.ts';
import type { SetupRecord } from '../../src/storage/storage.ts';
import { initialSetupState } from '../../src/wizard/setups.ts';
import { tempDir } from '../helpers.ts';

const at = '2026-01-01T00:00:00.000Z';

function setup(id: string, sessionId: string): SetupRecord {
  return {
    id,
    sessionId,
    internal: {
      connections: {
        target: { url: 'https://t.example.com', username: 'admin', tls: { mode: 'verify' }, demo: false },
      },
    },
    state: {
      ...initialSetupState(id, 'push', at),
      step: 'project',
      completedSteps: ['start', 'connect-target'],
    },
  };
}

describe('SQLite storage', () => {
  it('keeps sessions, setups, secrets and the audit log across a reopen (a restart loses nothing)', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const first = openSqliteStorage(dir);
    await first.createSession({ id: 's1', createdAt: at, lastSeenAt: at, currentSetupId: null }, 'token-s1');
    await first.saveSetup(setup('u1', 's1'));
    await first.setCurrentSetup('s1', 'u1');
    await new SecretStore(first, new Vault(key), 60_000).put(
      { sessionId: 's1', setupId: 'u1', name: 'password:target' },
      'pw',
    );
    await first.audit({
      at,
      sessionId: 's1',
      setupId: 'u1',
      side: 'target',
      method: 'POST',
      path: '/api/v2.0/projects',
      outcome: '201',
    });
    await first.close();

    const second = openSqliteStorage(dir);
    expect(await second.getSession('s1')).toMatchObject({ currentSetupId: 'u1' });
    expect((await second.getSetup('u1'))?.state.step).toBe('project');
    expect((await second.getSetup('u1'))?.internal.connections.target?.url).toBe('https://t.example.com');
    expect(
      await new SecretStore(second, new Vault(key), 60_000).get({
        sessionId: 's1',
        setupId: 'u1',
        name: 'password:target',
      }),
    ).toBe('pw');
    expect(await second.listAudit({ setupId: 'u1' })).toHaveLength(1);
    await second.close();
  });

  it('keeps the database files readable by the owner only', async () => {
    const dir = tempDir();
    const storage = openSqliteStorage(dir);
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith(DATABASE_FILE))) {
      expect(fs.statSync(path.join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
    await storage.close();
  });

  it('lists only the setups of the asking session, newest first', async () => {
    const storage = openSqliteStorage(tempDir());
    await storage.createSession({ id: 'a', createdAt: at, lastSeenAt: at, currentSetupId: null }, 'token-a');
    await storage.createSession({ id: 'b', createdAt: at, lastSeenAt: at, currentSetupId: null }, 'token-b');
    await storage.saveSetup(setup('x', 'a'));
    await storage.saveSetup({
      ...setup('y', 'a'),
      state: { ...setup('y', 'a').state, createdAt: '2026-02-01T00:00:00.000Z' },
    });
    await storage.saveSetup(setup('z', 'b'));
    expect((await storage.listSetups('a')).map((s) => s.id)).toEqual(['y', 'x']);
    await storage.close();
  });

  it('expires secrets after the idle time and extends them while the session is active', async () => {
    const storage = openSqliteStorage(tempDir());
    let now = 1_000_000;
    const secrets = new SecretStore(storage, new Vault(randomBytes(32)), 10_000, () => now);
    const ref = { sessionId: 's', setupId: 'u', name: 'robot-secret' } as const;
    await secrets.put(ref, 'robot-pass');
    now += 9_000;
    await storage.extendSecrets('s', now + 10_000, now);
    now += 9_000;
    expect(await secrets.get(ref)).toBe('robot-pass');
    now += 2_000;
    expect(await secrets.get(ref)).toBeNull();
    expect(await secrets.purgeExpired()).toBe(1);
    await storage.close();
  });

  it('purges the secrets of one setup or of a whole session', async () => {
    const storage = openSqliteStorage(tempDir());
    const secrets = new SecretStore(storage, new Vault(randomBytes(32)), 60_000);
    await secrets.put({ sessionId: 's', setupId: 'u1', name: 'robot-secret' }, 'a');
    await secrets.put({ sessionId: 's', setupId: 'u2', name: 'robot-secret' }, 'b');
    await secrets.delete('s', 'u1');
    expect(await secrets.get({ sessionId: 's', setupId: 'u1', name: 'robot-secret' })).toBeNull();
    expect(await secrets.get({ sessionId: 's', setupId: 'u2', name: 'robot-secret' })).toBe('b');
    await secrets.purgeSession('s');
    expect(await secrets.get({ sessionId: 's', setupId: 'u2', name: 'robot-secret' })).toBeNull();
    await storage.close();
  });
});
