// Schema history of the SQLite store. Append only: a released migration is never edited.
// `hw_sha256(text)` (hex) is available to migrations (registered by sqlite-storage.ts).
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        current_setup_id TEXT
      );
      CREATE TABLE setups (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        internal TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX setups_by_session ON setups(session_id, created_at);
      CREATE TABLE secrets (
        session_id TEXT NOT NULL,
        setup_id TEXT NOT NULL,
        name TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, setup_id, name)
      );
      CREATE INDEX secrets_by_expiry ON secrets(expires_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        session_id TEXT NOT NULL,
        setup_id TEXT NOT NULL,
        side TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX audit_by_setup ON audit_log(setup_id, id);
    `,
  },
  {
    // Session ids become sha256(cookie value): rows written before held the cookie itself. Secrets
    // were sealed with the old id as authenticated data and cannot be opened under the new one, so
    // they go (the operator logs in to the Harbors again; nothing created is lost).
    version: 2,
    sql: `
      PRAGMA defer_foreign_keys = ON;
      UPDATE sessions SET id = hw_sha256(id);
      UPDATE setups SET session_id = hw_sha256(session_id);
      UPDATE audit_log SET session_id = hw_sha256(session_id);
      DELETE FROM secrets;
    `,
  },
  {
    // The cookie is rotated on every login (a planted cookie must not inherit the logins), so the
    // session is found by the hash of its current token; its id stays. A session is now stored with
    // its first setup only: those that never started one held nothing and go.
    version: 3,
    sql: `
      ALTER TABLE sessions ADD COLUMN token_hash TEXT;
      UPDATE sessions SET token_hash = id;
      DELETE FROM sessions WHERE id NOT IN (SELECT session_id FROM setups);
      CREATE UNIQUE INDEX sessions_by_token ON sessions(token_hash);
    `,
  },
];
