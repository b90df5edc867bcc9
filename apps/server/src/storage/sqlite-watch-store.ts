// The watch store on the wizard's SQLite database (tables of migration 4).
import type Database from 'better-sqlite3';
import type { HarborSide } from '@hw/wizard-api';

import type { SealedSecret } from '../security/vault.ts';
import type { WatchConfig, WatchRecord, WatchStore } from './watch-store.ts';

type WatchRow = {
  id: string;
  setup_id: string;
  created_at: string;
  config: string;
  state: string;
  next_poll_at: number;
  poll_failures: number;
};

const toRecord = (row: WatchRow): WatchRecord => ({
  id: row.id,
  setupId: row.setup_id,
  createdAt: row.created_at,
  config: JSON.parse(row.config) as WatchConfig,
  state: JSON.parse(row.state) as unknown,
  nextPollAt: row.next_poll_at,
  pollFailures: row.poll_failures,
});

export function createSqliteWatchStore(
  db: Database.Database,
  run: <T>(fn: () => T) => Promise<T>,
  eraseJournal: (erased: number) => number,
): WatchStore {
  const q = {
    insert: db.prepare(
      `INSERT INTO watches (id, setup_id, created_at, config, state, next_poll_at, poll_failures)
       VALUES (@id, @setupId, @createdAt, @config, @state, @nextPollAt, @pollFailures)`,
    ),
    get: db.prepare('SELECT * FROM watches WHERE id = ?'),
    bySetup: db.prepare('SELECT * FROM watches WHERE setup_id = ?'),
    list: db.prepare('SELECT * FROM watches ORDER BY created_at, id'),
    due: db.prepare('SELECT * FROM watches WHERE next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?'),
    saveState: db.prepare('UPDATE watches SET state = ?, next_poll_at = ?, poll_failures = ? WHERE id = ?'),
    saveConfig: db.prepare('UPDATE watches SET config = ? WHERE id = ?'),
    putSecret: db.prepare(
      `INSERT INTO watch_secrets (watch_id, side, iv, tag, ciphertext) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(watch_id, side) DO UPDATE SET iv = excluded.iv, tag = excluded.tag,
         ciphertext = excluded.ciphertext`,
    ),
    getSecret: db.prepare('SELECT iv, tag, ciphertext FROM watch_secrets WHERE watch_id = ? AND side = ?'),
    delete: db.prepare('DELETE FROM watches WHERE id = ?'),
  };
  const putSecret = (id: string, side: HarborSide, s: SealedSecret) =>
    q.putSecret.run(id, side, s.iv, s.tag, s.ciphertext);

  return {
    create(record, secrets) {
      return run(() =>
        db.transaction(() => {
          q.insert.run({
            ...record,
            config: JSON.stringify(record.config),
            state: JSON.stringify(record.state),
          });
          for (const { side, sealed } of secrets) putSecret(record.id, side, sealed);
        })(),
      );
    },
    get(id) {
      return run(() => {
        const row = q.get.get(id) as WatchRow | undefined;
        return row ? toRecord(row) : null;
      });
    },
    findBySetup(setupId) {
      return run(() => {
        const row = q.bySetup.get(setupId) as WatchRow | undefined;
        return row ? toRecord(row) : null;
      });
    },
    list() {
      return run(() => (q.list.all() as WatchRow[]).map(toRecord));
    },
    due(now, limit) {
      return run(() => (q.due.all(now, limit) as WatchRow[]).map(toRecord));
    },
    saveState(id, state, schedule) {
      return run(() => {
        q.saveState.run(JSON.stringify(state), schedule.nextPollAt, schedule.pollFailures, id);
      });
    },
    saveConfig(id, config) {
      return run(() => {
        q.saveConfig.run(JSON.stringify(config), id);
      });
    },
    getSecret(id, side) {
      return run(() => {
        const row = q.getSecret.get(id, side) as SealedSecret | undefined;
        return row ? { iv: row.iv, tag: row.tag, ciphertext: row.ciphertext } : null;
      });
    },
    putSecret(id, side, sealed) {
      return run(() => {
        putSecret(id, side, sealed);
      });
    },
    delete(id) {
      return run(() => {
        eraseJournal(q.delete.run(id).changes);
      });
    },
  };
}
