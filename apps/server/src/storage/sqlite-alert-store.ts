// The alert store on the wizard's SQLite database (tables of migration 5).
import type Database from 'better-sqlite3';
import type { AlertKind } from '@hw/wizard-api';

import type {
  AlertFormat,
  AlertRecord,
  AlertStore,
  DeliveryRecord,
  IncidentRecord,
  NewAlert,
  Recipients,
  StoredAlert,
  StoredAlertTarget,
} from './alert-store.ts';

type TargetRow = {
  id: string;
  name: string;
  format: AlertFormat;
  masked_url: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  created_at: string;
};
type AlertRow = {
  id: number;
  watch_id: string | null;
  rule_name: string | null;
  kind: AlertKind;
  state: 'firing' | 'resolved';
  message: string;
  payload: string;
  at: string;
};
type DeliveryRow = {
  alert_id: number;
  target_id: string;
  target_name: string;
  status: DeliveryRecord['status'];
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: number | null;
};
type IncidentRow = { watch_id: string; kind: AlertKind; since: string; alert_id: number | null };

const toTarget = (row: TargetRow): StoredAlertTarget => ({
  id: row.id,
  name: row.name,
  format: row.format,
  maskedUrl: row.masked_url,
  sealedUrl: { iv: row.iv, tag: row.tag, ciphertext: row.ciphertext },
  createdAt: row.created_at,
});
const toAlert = (row: AlertRow): StoredAlert => ({
  id: row.id,
  watchId: row.watch_id,
  ruleName: row.rule_name,
  kind: row.kind,
  state: row.state,
  message: row.message,
  payload: JSON.parse(row.payload) as unknown,
  at: row.at,
});
const toDelivery = (row: DeliveryRow): DeliveryRecord => ({
  alertId: row.alert_id,
  targetId: row.target_id,
  targetName: row.target_name,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  lastAttemptAt: row.last_attempt_at,
  nextAttemptAt: row.next_attempt_at,
});
const toIncident = (row: IncidentRow): IncidentRecord => ({
  watchId: row.watch_id,
  kind: row.kind,
  since: row.since,
  alertId: row.alert_id,
});

/** The history kept: a flapping rule must not grow the database without end. */
export const KEPT_ALERTS = 5_000;

export function createSqliteAlertStore(
  db: Database.Database,
  run: <T>(fn: () => T) => Promise<T>,
  eraseJournal: (erased: number) => number,
  keptAlerts = KEPT_ALERTS,
): AlertStore {
  const q = {
    listTargets: db.prepare('SELECT * FROM alert_targets ORDER BY created_at, id'),
    getTarget: db.prepare('SELECT * FROM alert_targets WHERE id = ?'),
    addTarget: db.prepare(
      `INSERT INTO alert_targets (id, name, format, masked_url, iv, tag, ciphertext, created_at)
       VALUES (@id, @name, @format, @maskedUrl, @iv, @tag, @ciphertext, @createdAt)`,
    ),
    deleteTarget: db.prepare('DELETE FROM alert_targets WHERE id = ?'),
    insertAlert: db.prepare(
      `INSERT INTO alerts (watch_id, rule_name, kind, state, message, payload, at)
       VALUES (@watchId, @ruleName, @kind, @state, @message, @payload, @at)`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO alert_deliveries (alert_id, target_id, target_name, status, attempts, next_attempt_at)
       VALUES (?, ?, ?, 'pending', 0, ?)`,
    ),
    getAlert: db.prepare('SELECT * FROM alerts WHERE id = ?'),
    deliveriesOf: db.prepare(
      'SELECT * FROM alert_deliveries WHERE alert_id = ? ORDER BY target_name, target_id',
    ),
    insertIncident: db.prepare(
      'INSERT INTO alert_incidents (watch_id, kind, since, alert_id) VALUES (?, ?, ?, NULL) ON CONFLICT DO NOTHING',
    ),
    linkIncident: db.prepare('UPDATE alert_incidents SET alert_id = ? WHERE watch_id = ? AND kind = ?'),
    getIncident: db.prepare('SELECT * FROM alert_incidents WHERE watch_id = ? AND kind = ?'),
    deleteIncident: db.prepare('DELETE FROM alert_incidents WHERE watch_id = ? AND kind = ?'),
    incidents: db.prepare('SELECT * FROM alert_incidents ORDER BY watch_id, kind'),
    incidentsOf: db.prepare('SELECT * FROM alert_incidents WHERE watch_id = ? ORDER BY kind'),
    closeIncidents: db.prepare('DELETE FROM alert_incidents WHERE watch_id = ?'),
    due: db.prepare(
      `SELECT * FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, alert_id LIMIT ?`,
    ),
    nextDue: db.prepare("SELECT MIN(next_attempt_at) AS at FROM alert_deliveries WHERE status = 'pending'"),
    updateDelivery: db.prepare(
      `UPDATE alert_deliveries SET status = @status, attempts = @attempts, last_error = @lastError,
         last_attempt_at = @lastAttemptAt, next_attempt_at = @nextAttemptAt
       WHERE alert_id = @alertId AND target_id = @targetId`,
    ),
    // The oldest alerts beyond the kept number go (with their deliveries), unless one is still pending.
    prune: db.prepare(
      `DELETE FROM alerts WHERE id <= (SELECT id FROM alerts ORDER BY id DESC LIMIT 1 OFFSET ?)
         AND id NOT IN (SELECT alert_id FROM alert_deliveries WHERE status = 'pending')`,
    ),
    failPending: db.prepare(
      `UPDATE alert_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL
       WHERE target_id = ? AND status = 'pending'`,
    ),
  };

  const insertAlert = (alert: NewAlert, to: Recipients): number => {
    const id = Number(
      q.insertAlert.run({ ...alert, payload: JSON.stringify(alert.payload) }).lastInsertRowid,
    );
    for (const target of to.targets) q.insertDelivery.run(id, target.id, target.name, to.dueAt);
    q.prune.run(keptAlerts);
    return id;
  };
  const withDeliveries = (alert: StoredAlert): AlertRecord => ({
    ...alert,
    deliveries: (q.deliveriesOf.all(alert.id) as DeliveryRow[]).map(toDelivery),
  });

  return {
    listTargets() {
      return run(() => (q.listTargets.all() as TargetRow[]).map(toTarget));
    },
    getTarget(id) {
      return run(() => {
        const row = q.getTarget.get(id) as TargetRow | undefined;
        return row ? toTarget(row) : null;
      });
    },
    addTarget(target) {
      return run(() => {
        q.addTarget.run({ ...target, ...target.sealedUrl });
      });
    },
    deleteTarget(id) {
      // The sealed URL must not linger in the journal either.
      return run(() => eraseJournal(q.deleteTarget.run(id).changes) > 0);
    },
    addAlert(alert, to) {
      return run(() => db.transaction(() => insertAlert(alert, to))());
    },
    openIncident(incident, alert, to) {
      return run(() =>
        db.transaction(() => {
          if (q.insertIncident.run(incident.watchId, incident.kind, incident.since).changes === 0)
            return null;
          const id = insertAlert(alert, to);
          q.linkIncident.run(id, incident.watchId, incident.kind);
          return id;
        })(),
      );
    },
    resolveIncident(watchId, kind, alert, to) {
      return run(() =>
        db.transaction(() => {
          const row = q.getIncident.get(watchId, kind) as IncidentRow | undefined;
          if (!row) return null;
          q.deleteIncident.run(watchId, kind);
          return insertAlert(alert(toIncident(row)), to);
        })(),
      );
    },
    openIncidents(watchId) {
      return run(() =>
        ((watchId === undefined ? q.incidents.all() : q.incidentsOf.all(watchId)) as IncidentRow[]).map(
          toIncident,
        ),
      );
    },
    closeIncidents(watchId) {
      return run(() => q.closeIncidents.run(watchId).changes);
    },
    getAlert(id) {
      return run(() => {
        const row = q.getAlert.get(id) as AlertRow | undefined;
        return row ? withDeliveries(toAlert(row)) : null;
      });
    },
    listAlerts(filter) {
      return run(() => {
        const rows = (
          filter.watchId === undefined
            ? db.prepare('SELECT * FROM alerts ORDER BY id DESC LIMIT ?').all(filter.limit)
            : db
                .prepare('SELECT * FROM alerts WHERE watch_id = ? ORDER BY id DESC LIMIT ?')
                .all(filter.watchId, filter.limit)
        ) as AlertRow[];
        return rows.map((row) => withDeliveries(toAlert(row)));
      });
    },
    dueDeliveries(now, limit) {
      return run(() =>
        (q.due.all(now, limit) as DeliveryRow[]).map((row) => ({
          delivery: toDelivery(row),
          alert: toAlert(q.getAlert.get(row.alert_id) as AlertRow),
        })),
      );
    },
    nextDueAt() {
      return run(() => (q.nextDue.get() as { at: number | null }).at);
    },
    updateDelivery(alertId, targetId, update) {
      return run(() => {
        q.updateDelivery.run({ ...update, alertId, targetId });
      });
    },
    failPendingDeliveries(targetId, error) {
      return run(() => q.failPending.run(error, targetId).changes);
    },
  };
}
