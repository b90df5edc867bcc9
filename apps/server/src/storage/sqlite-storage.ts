// Storage on SQLite (better-sqlite3): one file in DATA_DIR, WAL mode, migrations applied at open.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import type { SealedSecret } from '../security/vault.ts';
import { MIGRATIONS } from './migrations.ts';
import type { AuditEntry, SecretName, SecretRef, SessionRecord, SetupRecord, Storage } from './storage.ts';
import { createSqliteRepairStore } from './sqlite-repair-store.ts';
import { createSqliteAlertStore } from './sqlite-alert-store.ts';
import { createSqliteArchiveStore } from './sqlite-archive-store.ts';
import { createSqliteWatchStore } from './sqlite-watch-store.ts';
import { parseStoredSetup, UnreadableSetupError } from './stored-setup.ts';

export const DATABASE_FILE = 'wizard.sqlite';

type SessionRow = { id: string; created_at: string; last_seen_at: string; current_setup_id: string | null };
type SetupRow = { id: string; session_id: string; state: string; internal: string };
type SecretRow = { iv: Buffer; tag: Buffer; ciphertext: Buffer; expires_at: number };
type AuditRow = {
  at: string;
  session_id: string;
  setup_id: string;
  side: AuditEntry['side'];
  method: string;
  path: string;
  outcome: string;
  actor: string | null;
};

// better-sqlite3 is synchronous; the interface is not (a network database would be), so wrap.
function run<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Applies the migrations after `current`; `upTo` stops early (tests build an old database). */
export function migrate(db: Database.Database, upTo = Number.POSITIVE_INFINITY): void {
  db.function('hw_sha256', { deterministic: true }, (value: unknown) =>
    createHash('sha256').update(String(value), 'utf8').digest('hex'),
  );
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  const current = row.v ?? 0;
  let applied = false;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    })();
    applied = true;
  }
  // What a migration replaced (e.g. raw session tokens) must not survive in the WAL file.
  if (applied) db.pragma('wal_checkpoint(TRUNCATE)');
}

export function openSqliteStorage(dataDir: string): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  fs.chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows (sealed secrets, replaced ids) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  // The journal files hold recent pages too (sealed secrets, setup state): same owner-only mode.
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(`${file}${suffix}`)) fs.chmodSync(`${file}${suffix}`, 0o600);
  }

  const q = {
    insertSession: db.prepare(
      `INSERT INTO sessions (id, token_hash, created_at, last_seen_at, current_setup_id)
       VALUES (@id, @tokenHash, @createdAt, @lastSeenAt, @currentSetupId) ON CONFLICT(id) DO NOTHING`,
    ),
    getSession: db.prepare(
      'SELECT id, created_at, last_seen_at, current_setup_id FROM sessions WHERE id = ?',
    ),
    findSessionByToken: db.prepare(
      'SELECT id, created_at, last_seen_at, current_setup_id FROM sessions WHERE token_hash = ?',
    ),
    rotateSessionToken: db.prepare('UPDATE sessions SET token_hash = ? WHERE id = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
    setCurrent: db.prepare('UPDATE sessions SET current_setup_id = ? WHERE id = ?'),
    upsertSetup: db.prepare(
      `INSERT INTO setups (id, session_id, state, internal, created_at, updated_at)
       VALUES (@id, @sessionId, @state, @internal, @createdAt, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, internal = excluded.internal, updated_at = excluded.updated_at`,
    ),
    getSetup: db.prepare('SELECT id, session_id, state, internal FROM setups WHERE id = ?'),
    listSetups: db.prepare(
      'SELECT id, session_id, state, internal FROM setups WHERE session_id = ? ORDER BY created_at DESC, id',
    ),
    putSecret: db.prepare(
      `INSERT INTO secrets (session_id, setup_id, name, iv, tag, ciphertext, expires_at)
       VALUES (@sessionId, @setupId, @name, @iv, @tag, @ciphertext, @expiresAt)
       ON CONFLICT(session_id, setup_id, name) DO UPDATE SET iv = excluded.iv, tag = excluded.tag,
         ciphertext = excluded.ciphertext, expires_at = excluded.expires_at`,
    ),
    getSecret: db.prepare(
      'SELECT iv, tag, ciphertext, expires_at FROM secrets WHERE session_id = ? AND setup_id = ? AND name = ? AND expires_at > ?',
    ),
    extendSecrets: db.prepare('UPDATE secrets SET expires_at = ? WHERE session_id = ? AND expires_at > ?'),
    purgeSecrets: db.prepare('DELETE FROM secrets WHERE expires_at <= ?'),
    audit: db.prepare(
      `INSERT INTO audit_log (at, session_id, setup_id, side, method, path, outcome, actor)
       VALUES (@at, @sessionId, @setupId, @side, @method, @path, @outcome, @actor)`,
    ),
  };

  // secure_delete zeroes erased secrets in the database pages, but the WAL still holds the pages
  // as they were (sealed secrets, readable with the key) until a checkpoint: a copy of DATA_DIR
  // taken then, or after a crash, would give them back. Checkpoint and empty it after each erasure.
  const eraseJournal = (erased: number): number => {
    if (erased > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  };

  const toSession = (row: SessionRow): SessionRecord => ({
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    currentSetupId: row.current_setup_id,
  });
  const toSetup = (row: SetupRow): SetupRecord =>
    parseStoredSetup({ id: row.id, sessionId: row.session_id, state: row.state, internal: row.internal });
  const toAudit = (row: AuditRow): AuditEntry => ({
    at: row.at,
    sessionId: row.session_id,
    setupId: row.setup_id,
    side: row.side,
    method: row.method,
    path: row.path,
    outcome: row.outcome,
    actor: row.actor,
  });

  return {
    watches: createSqliteWatchStore(db, run, eraseJournal),
    repairs: createSqliteRepairStore(db, run, eraseJournal),
    alerts: createSqliteAlertStore(db, run, eraseJournal),
    archive: createSqliteArchiveStore(db, run),
    createSession(session, tokenHash) {
      return run(() => {
        q.insertSession.run({ ...session, tokenHash });
      });
    },
    getSession(id) {
      return run(() => {
        const row = q.getSession.get(id) as SessionRow | undefined;
        return row ? toSession(row) : null;
      });
    },
    findSessionByToken(tokenHash) {
      return run(() => {
        const row = q.findSessionByToken.get(tokenHash) as SessionRow | undefined;
        return row ? toSession(row) : null;
      });
    },
    rotateSessionToken(id, tokenHash) {
      return run(() => {
        q.rotateSessionToken.run(tokenHash, id);
      });
    },
    touchSession(id, at) {
      return run(() => {
        q.touchSession.run(at, id);
      });
    },
    setCurrentSetup(sessionId, setupId) {
      return run(() => {
        q.setCurrent.run(setupId, sessionId);
      });
    },
    saveSetup(setup) {
      return run(() => {
        q.upsertSetup.run({
          id: setup.id,
          sessionId: setup.sessionId,
          state: JSON.stringify(setup.state),
          internal: JSON.stringify(setup.internal),
          createdAt: setup.state.createdAt,
          updatedAt: setup.state.updatedAt,
        });
      });
    },
    getSetup(id) {
      return run(() => {
        const row = q.getSetup.get(id) as SetupRow | undefined;
        return row ? toSetup(row) : null;
      });
    },
    listSetups(sessionId) {
      return run(() => {
        return (q.listSetups.all(sessionId) as SetupRow[]).flatMap((row) => {
          try {
            return [toSetup(row)];
          } catch (error) {
            if (error instanceof UnreadableSetupError) return [];
            throw error;
          }
        });
      });
    },
    putSecret(ref: SecretRef, sealed: SealedSecret, expiresAt: number) {
      return run(() => {
        q.putSecret.run({ ...ref, ...sealed, expiresAt });
      });
    },
    getSecret(ref, now) {
      return run(() => {
        const row = q.getSecret.get(ref.sessionId, ref.setupId, ref.name, now) as SecretRow | undefined;
        return row
          ? { iv: row.iv, tag: row.tag, ciphertext: row.ciphertext, expiresAt: row.expires_at }
          : null;
      });
    },
    deleteSecrets(filter: { sessionId: string; setupId?: string; name?: SecretName }) {
      return run(() => {
        const clauses = ['session_id = @sessionId'];
        if (filter.setupId !== undefined) clauses.push('setup_id = @setupId');
        if (filter.name !== undefined) clauses.push('name = @name');
        return eraseJournal(
          db.prepare(`DELETE FROM secrets WHERE ${clauses.join(' AND ')}`).run(filter).changes,
        );
      });
    },
    extendSecrets(sessionId, expiresAt, now) {
      return run(() => {
        q.extendSecrets.run(expiresAt, sessionId, now);
      });
    },
    purgeExpiredSecrets(now) {
      return run(() => {
        return eraseJournal(q.purgeSecrets.run(now).changes);
      });
    },
    audit(entry) {
      return run(() => {
        q.audit.run({ ...entry, actor: entry.actor ?? null });
      });
    },
    listAudit(filter) {
      return run(() => {
        const clauses: string[] = [];
        if (filter.setupId !== undefined) clauses.push('setup_id = @setupId');
        if (filter.sessionId !== undefined) clauses.push('session_id = @sessionId');
        const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
        return (db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id`).all(filter) as AuditRow[]).map(
          toAudit,
        );
      });
    },
    close() {
      return run(() => {
        db.close();
      });
    },
  };
}
