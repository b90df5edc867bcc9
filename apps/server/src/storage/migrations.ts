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
  {
    // Watches outlive the session and the setup that started them (the operator comes back with a
    // new browser next week), so they copy what they need and reference neither. `next_poll_at`
    // (ms) keeps the poller's schedule across restarts; `poll_failures` drives its backoff.
    version: 4,
    sql: `
      CREATE TABLE watches (
        id TEXT PRIMARY KEY,
        setup_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        config TEXT NOT NULL,
        state TEXT NOT NULL,
        next_poll_at INTEGER NOT NULL,
        poll_failures INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX watches_by_setup ON watches(setup_id);
      CREATE INDEX watches_by_next_poll ON watches(next_poll_at);
      CREATE TABLE watch_secrets (
        watch_id TEXT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        side TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        PRIMARY KEY (watch_id, side)
      );
      CREATE TABLE watch_executions (
        watch_id TEXT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        execution_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        status_text TEXT NOT NULL,
        trigger TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT,
        total INTEGER NOT NULL,
        succeed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        stopped INTEGER NOT NULL,
        in_progress INTEGER NOT NULL,
        final INTEGER NOT NULL,
        -- Set once the failed tasks of a final execution (possibly none) are stored.
        tasks_archived INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (watch_id, execution_id)
      );
      CREATE TABLE watch_tasks (
        watch_id TEXT NOT NULL,
        execution_id INTEGER NOT NULL,
        task_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        operation TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        source TEXT NOT NULL,
        destination TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        log_tail TEXT,
        PRIMARY KEY (watch_id, execution_id, task_id),
        FOREIGN KEY (watch_id, execution_id)
          REFERENCES watch_executions(watch_id, execution_id) ON DELETE CASCADE
      );
    `,
  },
  {
    // Alert targets hold their URL sealed (a Slack webhook URL is a credential). An incident stays
    // open across restarts, so a recovery after a restart still sends exactly one "resolved".
    version: 5,
    sql: `
      CREATE TABLE alert_targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        format TEXT NOT NULL,
        masked_url TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        watch_id TEXT,
        rule_name TEXT,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        message TEXT NOT NULL,
        payload TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX alerts_by_watch ON alerts(watch_id, id);
      CREATE TABLE alert_deliveries (
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL,
        target_name TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at TEXT,
        next_attempt_at INTEGER,
        PRIMARY KEY (alert_id, target_id)
      );
      CREATE INDEX deliveries_due ON alert_deliveries(status, next_attempt_at);
      CREATE TABLE alert_incidents (
        watch_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        since TEXT NOT NULL,
        alert_id INTEGER,
        PRIMARY KEY (watch_id, kind)
      );
    `,
  },
  {
    // Repair flows survive a reload and a restart: their steps and what each step recorded before
    // it acted. The admin passwords (and the new robot secret until the endpoint holds it) are
    // sealed beside them with an expiry, and erased when the flow ends. The audit log names the
    // Harbor user who made each change.
    version: 6,
    sql: `
      CREATE TABLE repair_flows (
        id TEXT PRIMARY KEY,
        watch_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX repair_flows_by_watch ON repair_flows(watch_id, created_at);
      CREATE TABLE repair_secrets (
        flow_id TEXT NOT NULL REFERENCES repair_flows(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (flow_id, name)
      );
      CREATE INDEX repair_secrets_by_expiry ON repair_secrets(expires_at);
      ALTER TABLE audit_log ADD COLUMN actor TEXT;
    `,
  },
];
