// What the server keeps about alerting: the targets added in the UI (URL sealed), every alert it
// sent with its delivery per target (attempts and the next try, so a restart resumes), and the
// incidents still open (so a restart neither repeats an alert nor forgets to resolve it).
import type { AlertKind } from '@hw/wizard-api';

import type { SealedSecret } from '../security/vault.ts';

export type AlertFormat = 'json' | 'slack';

export type StoredAlertTarget = {
  id: string;
  name: string;
  format: AlertFormat;
  /** Scheme, host and port: what may be shown. */
  maskedUrl: string;
  sealedUrl: SealedSecret;
  createdAt: string;
};

export type NewAlert = {
  watchId: string | null;
  ruleName: string | null;
  kind: AlertKind;
  state: 'firing' | 'resolved';
  message: string;
  /** The facts every format is rendered from (no secret), as JSON. */
  payload: unknown;
  at: string;
};

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export type DeliveryRecord = {
  alertId: number;
  targetId: string;
  targetName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** Epoch ms of the next try while pending. */
  nextAttemptAt: number | null;
};

export type StoredAlert = NewAlert & { id: number };
export type AlertRecord = StoredAlert & { deliveries: DeliveryRecord[] };

export type IncidentRecord = { watchId: string; kind: AlertKind; since: string; alertId: number | null };

/** Who receives an alert: one delivery each, first due at `dueAt` (epoch ms). */
export type Recipients = { targets: { id: string; name: string }[]; dueAt: number };

export type DeliveryUpdate = Pick<
  DeliveryRecord,
  'status' | 'attempts' | 'lastError' | 'lastAttemptAt' | 'nextAttemptAt'
>;

export interface AlertStore {
  listTargets(): Promise<StoredAlertTarget[]>;
  getTarget(id: string): Promise<StoredAlertTarget | null>;
  addTarget(target: StoredAlertTarget): Promise<void>;
  /** False when there was none. Its history stays (the deliveries keep the target's name). */
  deleteTarget(id: string): Promise<boolean>;

  /** Records an alert and its deliveries (a test alert, which belongs to no incident). */
  addAlert(alert: NewAlert, to: Recipients): Promise<number>;
  /**
   * Opens the incident with its alert, in one transaction; null (nothing recorded) when an incident
   * of this kind is already open for the watch.
   */
  openIncident(
    incident: Omit<IncidentRecord, 'alertId'>,
    alert: NewAlert,
    to: Recipients,
  ): Promise<number | null>;
  /** Closes the incident with its "resolved" alert; null (nothing recorded) when none was open. */
  resolveIncident(
    watchId: string,
    kind: AlertKind,
    alert: (incident: IncidentRecord) => NewAlert,
    to: Recipients,
  ): Promise<number | null>;
  /** All open incidents, or a watch's. */
  openIncidents(watchId?: string): Promise<IncidentRecord[]>;
  /** Closes a watch's incidents without any alert (watching stopped). */
  closeIncidents(watchId: string): Promise<number>;

  getAlert(id: number): Promise<AlertRecord | null>;
  /** Newest first. */
  listAlerts(filter: { watchId?: string; limit: number }): Promise<AlertRecord[]>;

  /** Pending deliveries due at `now`, soonest first, with their alert. */
  dueDeliveries(now: number, limit: number): Promise<{ delivery: DeliveryRecord; alert: StoredAlert }[]>;
  /** When the soonest pending delivery is due, or null. */
  nextDueAt(): Promise<number | null>;
  updateDelivery(alertId: number, targetId: string, update: DeliveryUpdate): Promise<void>;
  /** Pending deliveries of a removed target fail with `error`. */
  failPendingDeliveries(targetId: string, error: string): Promise<number>;
}
