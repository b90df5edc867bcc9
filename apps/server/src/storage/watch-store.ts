// What the server keeps about each watched rule: a copy of what it needs to reach both Harbors
// (the setup and its session may be gone), the watch robots' sealed secrets, the poller's state
// and its schedule.
import type { HarborSide, ReplicationMode, TlsSettings } from '@hw/wizard-api';

import type { SealedSecret } from '../security/vault.ts';

export type WatchedHarbor = { url: string; tls: TlsSettings; demo: boolean; version: string | null };

/** A robot the watch created on one Harbor to read with (`robot$…` name as Harbor stores it). */
export type WatchRobotRecord = {
  side: HarborSide;
  id: number;
  name: string;
  /** Unix seconds; -1 = never. */
  expiresAt: number;
  /** Whether it may read the replication robot (otherwise its recorded expiry is used). */
  readsReplicationRobot: boolean;
  /** Whether it may list the job service's queues (Harbor 2.10+ on the rule's Harbor). */
  readsJobService: boolean;
};

export type WatchConfig = {
  /** The setup's name, or the rule's. */
  name: string;
  mode: ReplicationMode;
  harbors: Record<HarborSide, WatchedHarbor>;
  rule: { policyId: number; name: string; side: HarborSide };
  endpoint: { id: number; name: string; side: HarborSide };
  replicationRobot: { side: HarborSide; id: number; name: string; project: string; expiresAt: number };
  watchRobots: WatchRobotRecord[];
};

export type WatchRecord = {
  id: string;
  setupId: string;
  createdAt: string;
  config: WatchConfig;
  /** The poller's own JSON (it parses it); null before the first poll. */
  state: unknown;
  /** Epoch ms of the next poll: the schedule survives restarts. */
  nextPollAt: number;
  /** Consecutive polls that failed (the backoff grows with it). */
  pollFailures: number;
};

export type PollSchedule = { nextPollAt: number; pollFailures: number };

export interface WatchStore {
  /** The watch and its robots' sealed secrets, in one transaction. */
  create(record: WatchRecord, secrets: { side: HarborSide; sealed: SealedSecret }[]): Promise<void>;
  get(id: string): Promise<WatchRecord | null>;
  findBySetup(setupId: string): Promise<WatchRecord | null>;
  list(): Promise<WatchRecord[]>;
  /** Watches whose next poll is at or before `now`, soonest first. */
  due(now: number, limit: number): Promise<WatchRecord[]>;
  saveState(id: string, state: unknown, schedule: PollSchedule): Promise<void>;
  saveConfig(id: string, config: WatchConfig): Promise<void>;
  getSecret(id: string, side: HarborSide): Promise<SealedSecret | null>;
  putSecret(id: string, side: HarborSide, sealed: SealedSecret): Promise<void>;
  /** The watch, its secrets and its archive; erased from the journal too. */
  delete(id: string): Promise<void>;
}

/** What a watch robot's secret is sealed for: a row copied to another watch or side fails to open. */
export function watchSecretAad(watchId: string, side: HarborSide): string {
  return `watch/${watchId}/${side}`;
}
