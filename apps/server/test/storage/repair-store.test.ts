// The repair store and the audit actor of migration 6: flows and their sealed secrets survive a
// reopen, expired secrets are never returned, and audit lines written before keep a null actor.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { Vault } from '../../src/security/vault.ts';
import { repairSecretAad } from '../../src/storage/repair-store.ts';
import { DATABASE_FILE, migrate, openSqliteStorage } from '../../src/storage/sqlite-storage.ts';
import { tempDir } from '../helpers.ts';

const at = '2026-01-01T00:00:00.000Z';
const line = {
  at,
  sessionId: 's1',
  setupId: 'u1',
  side: 'target' as const,
  method: 'PATCH',
  path: '/api/v2.0/robots/7',
  outcome: '200',
};

describe('repair store', () => {
  it('keeps a flow and its sealed secrets across a reopen; expired or erased secrets are gone', async () => {
    const dir = tempDir();
    const vault = new Vault(randomBytes(32));
    const first = openSqliteStorage(dir);
    const record = {
      id: 'r1',
      watchId: 'w1',
      kind: 'rotate' as const,
      state: { step: 1 },
      createdAt: at,
      updatedAt: at,
    };
    await first.repairs.save(record);
    await first.repairs.save({ ...record, state: { step: 2 }, updatedAt: '2026-01-01T00:01:00.000Z' });
    await first.repairs.putSecret(
      'r1',
      'login:target',
      vault.seal('pw', repairSecretAad('r1', 'login:target')),
      2_000,
    );
    await first.repairs.putSecret(
      'r1',
      'robot-secret',
      vault.seal('s3cret', repairSecretAad('r1', 'robot-secret')),
      9_000,
    );
    await first.close();

    const second = openSqliteStorage(dir);
    expect(await second.repairs.get('r1')).toMatchObject({ state: { step: 2 }, createdAt: at });
    expect((await second.repairs.listByWatch('w1')).map((r) => r.id)).toEqual(['r1']);
    const sealed = await second.repairs.getSecret('r1', 'login:target', 1_000);
    expect(sealed && vault.open(sealed, repairSecretAad('r1', 'login:target'))).toBe('pw');
    // Sealed for another name: it does not open.
    expect(sealed && vault.open(sealed, repairSecretAad('r1', 'robot-secret'))).toBeNull();
    expect(await second.repairs.getSecret('r1', 'login:target', 2_000)).toBeNull();
    expect(await second.repairs.purgeExpiredSecrets(2_000)).toBe(1);
    expect(await second.repairs.deleteSecrets('r1')).toBe(1);
    expect(await second.repairs.getSecret('r1', 'robot-secret', 1_000)).toBeNull();
    await second.close();
  });

  it('records the actor of an audit line; lines written before migration 6 have none', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, DATABASE_FILE));
    migrate(db, 5);
    db.prepare(
      `INSERT INTO audit_log (at, session_id, setup_id, side, method, path, outcome)
       VALUES (@at, @sessionId, @setupId, @side, @method, @path, @outcome)`,
    ).run(line);
    db.close();

    const storage = openSqliteStorage(dir);
    await storage.audit({ ...line, actor: 'admin' });
    expect((await storage.listAudit({ setupId: 'u1' })).map((a) => a.actor)).toEqual([null, 'admin']);
    await storage.close();
  });
});
