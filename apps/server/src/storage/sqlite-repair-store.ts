// The repair store on the wizard's SQLite database (tables of migration 6).
import type Database from 'better-sqlite3';

import type { SealedSecret } from '../security/vault.ts';
import type { RepairRecord, RepairStore } from './repair-store.ts';

type FlowRow = {
  id: string;
  watch_id: string;
  kind: RepairRecord['kind'];
  state: string;
  created_at: string;
  updated_at: string;
};

const toRecord = (row: FlowRow): RepairRecord => ({
  id: row.id,
  watchId: row.watch_id,
  kind: row.kind,
  state: JSON.parse(row.state) as unknown,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createSqliteRepairStore(
  db: Database.Database,
  run: <T>(fn: () => T) => Promise<T>,
  eraseJournal: (erased: number) => number,
): RepairStore {
  const q = {
    save: db.prepare(
      `INSERT INTO repair_flows (id, watch_id, kind, state, created_at, updated_at)
       VALUES (@id, @watchId, @kind, @state, @createdAt, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    ),
    get: db.prepare('SELECT * FROM repair_flows WHERE id = ?'),
    byWatch: db.prepare('SELECT * FROM repair_flows WHERE watch_id = ? ORDER BY created_at DESC, id'),
    putSecret: db.prepare(
      `INSERT INTO repair_secrets (flow_id, name, iv, tag, ciphertext, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(flow_id, name) DO UPDATE SET iv = excluded.iv, tag = excluded.tag,
         ciphertext = excluded.ciphertext, expires_at = excluded.expires_at`,
    ),
    getSecret: db.prepare(
      'SELECT iv, tag, ciphertext FROM repair_secrets WHERE flow_id = ? AND name = ? AND expires_at > ?',
    ),
    deleteOne: db.prepare('DELETE FROM repair_secrets WHERE flow_id = ? AND name = ?'),
    deleteAll: db.prepare('DELETE FROM repair_secrets WHERE flow_id = ?'),
    purge: db.prepare('DELETE FROM repair_secrets WHERE expires_at <= ?'),
  };
  return {
    save(record) {
      return run(() => {
        q.save.run({ ...record, state: JSON.stringify(record.state) });
      });
    },
    get(id) {
      return run(() => {
        const row = q.get.get(id) as FlowRow | undefined;
        return row ? toRecord(row) : null;
      });
    },
    listByWatch(watchId) {
      return run(() => (q.byWatch.all(watchId) as FlowRow[]).map(toRecord));
    },
    putSecret(id, name, sealed, expiresAt) {
      return run(() => {
        q.putSecret.run(id, name, sealed.iv, sealed.tag, sealed.ciphertext, expiresAt);
      });
    },
    getSecret(id, name, now) {
      return run(() => {
        const row = q.getSecret.get(id, name, now) as SealedSecret | undefined;
        return row ? { iv: row.iv, tag: row.tag, ciphertext: row.ciphertext } : null;
      });
    },
    deleteSecrets(id, name) {
      return run(() =>
        eraseJournal((name === undefined ? q.deleteAll.run(id) : q.deleteOne.run(id, name)).changes),
      );
    },
    purgeExpiredSecrets(now) {
      return run(() => eraseJournal(q.purge.run(now).changes));
    },
  };
}
