// What the server keeps of a repair flow: its state (steps, what each recorded before acting), and
// beside it the short-lived secrets it works with, sealed and expiring.
import type { RepairKind } from '@hw/wizard-api';

import type { SealedSecret } from '../security/vault.ts';

export type RepairRecord = {
  id: string;
  watchId: string;
  kind: RepairKind;
  /** The flow's own JSON (repair/repair-state.ts parses it). */
  state: unknown;
  createdAt: string;
  updatedAt: string;
};

/** `login:<side>`: an admin password; `robot-secret`: the new secret until the endpoint holds it; `export`. */
export type RepairSecretName = 'login:source' | 'login:target' | 'robot-secret' | 'export';

export interface RepairStore {
  save(record: RepairRecord): Promise<void>;
  get(id: string): Promise<RepairRecord | null>;
  listByWatch(watchId: string): Promise<RepairRecord[]>;
  putSecret(id: string, name: RepairSecretName, sealed: SealedSecret, expiresAt: number): Promise<void>;
  /** Expired secrets are never returned. */
  getSecret(id: string, name: RepairSecretName, now: number): Promise<SealedSecret | null>;
  /** One secret, or every secret of the flow; erased from the journal too. */
  deleteSecrets(id: string, name?: RepairSecretName): Promise<number>;
  purgeExpiredSecrets(now: number): Promise<number>;
}

/** What a repair secret is sealed for: a row copied to another flow or name fails to open. */
export function repairSecretAad(id: string, name: RepairSecretName): string {
  return `repair/${id}/${name}`;
}
