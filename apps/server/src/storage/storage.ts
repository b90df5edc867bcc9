// What the server persists, behind one small asynchronous interface: SQLite in a single process,
// and the same shape for a shared database (PostgreSQL) when several replicas run.
import type { HarborSide, SetupState, TlsSettings } from '@hw/wizard-api';

import type { SealedSecret } from '../security/vault.ts';
import type { RepairStore } from './repair-store.ts';
import type { AlertStore } from './alert-store.ts';
import type { ArchiveStore } from './archive-store.ts';
import type { WatchStore } from './watch-store.ts';

export type SessionRecord = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  currentSetupId: string | null;
};

/** Non-secret facts the server needs to reconnect, kept beside the public setup state. */
export type SideConnection = { url: string; username: string; tls: TlsSettings; demo: boolean };
export type SetupInternal = {
  connections: Partial<Record<HarborSide, SideConnection>>;
  /** How the rule's Harbor verifies the endpoint (the connection test checks TLS the same way). */
  endpointTls?: { verifyRemoteCert: boolean; caCertificate?: string };
  /** The URL of the last endpoint save, kept even when Harbor refused it, so the test can diagnose it. */
  endpointAttemptUrl?: string;
  /** The exact (secret-free) bodies sent to create the robot and the endpoint, for the review step. */
  projectRequest?: unknown;
  robotRequest?: unknown;
  endpointRequest?: unknown;
  /** A create sent to Harbor whose answer has not arrived (yet): see wizard/adopt.ts. */
  pendingCreate?: { kind: 'project' | 'robot'; side: HarborSide; request: unknown };
  /**
   * A "Keep watching" not finished yet (watch/watch-service.ts): the watch robots' name suffix and
   * the robots Harbor already created, so a retry adopts them and a clean-up deletes them.
   */
  pendingWatch?: { suffix: string; robots: { side: HarborSide; id: number; name: string }[] };
  /** How many "Keep watching" attempts Harbor refused: the next one names its robots anew. */
  watchNameRound?: number;
};

export type SetupRecord = {
  id: string;
  sessionId: string;
  state: SetupState;
  internal: SetupInternal;
};

export type SecretName = `password:${HarborSide}` | 'robot-secret' | 'robot-export';
export type SecretRef = { sessionId: string; setupId: string; name: SecretName };

export type AuditEntry = {
  at: string;
  sessionId: string;
  setupId: string;
  side: HarborSide;
  method: string;
  /** URL path only: never a query string or a body. */
  path: string;
  /** HTTP status, or the network failure kind. */
  outcome: string;
  /** The Harbor user name the change was made as (null in lines written before it was recorded). */
  actor?: string | null;
};

export interface Storage {
  /** Stores a session found by `tokenHash` (its cookie's sha256); nothing when the id exists. */
  createSession(session: SessionRecord, tokenHash: string): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  findSessionByToken(tokenHash: string): Promise<SessionRecord | null>;
  /** The session is found by a new cookie from now on, never by the previous one. */
  rotateSessionToken(id: string, tokenHash: string): Promise<void>;
  touchSession(id: string, at: string): Promise<void>;
  setCurrentSetup(sessionId: string, setupId: string | null): Promise<void>;

  saveSetup(setup: SetupRecord): Promise<void>;
  /** Rejects with UnreadableSetupError when the stored row no longer parses. */
  getSetup(id: string): Promise<SetupRecord | null>;
  /** Unreadable rows are left out: the session and its other setups stay usable. */
  listSetups(sessionId: string): Promise<SetupRecord[]>;

  putSecret(ref: SecretRef, sealed: SealedSecret, expiresAt: number): Promise<void>;
  /** Expired secrets are never returned. */
  getSecret(ref: SecretRef, now: number): Promise<(SealedSecret & { expiresAt: number }) | null>;
  deleteSecrets(filter: { sessionId: string; setupId?: string; name?: SecretName }): Promise<number>;
  /** Idle expiry: every secret of the session lives until `expiresAt` (called on each request). */
  extendSecrets(sessionId: string, expiresAt: number, now: number): Promise<void>;
  purgeExpiredSecrets(now: number): Promise<number>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter: { setupId?: string; sessionId?: string }): Promise<AuditEntry[]>;

  /** The rules the server keeps watching after setup (see watch-store.ts). */
  readonly watches: WatchStore;
  /** Repair flows of watches and their short-lived secrets (see repair-store.ts). */
  readonly repairs: RepairStore;
  /** Alert targets, alerts with their deliveries, open incidents (see alert-store.ts). */
  readonly alerts: AlertStore;
  /** Every execution the watch poller saw, bounded per watch (see archive-store.ts). */
  readonly archive: ArchiveStore;

  close(): Promise<void>;
}
