// Secrets at rest: sealed by the vault, bound to their session and setup, and gone after the
// session has been idle for SESSION_IDLE_MINUTES (every request of the session pushes that back).
import type { SecretName, SecretRef, Storage } from '../storage/storage.ts';
import type { Vault } from './vault.ts';

export class SecretStore {
  constructor(
    private readonly storage: Storage,
    private readonly vault: Vault,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  #aad(ref: SecretRef): string {
    return `${ref.sessionId}/${ref.setupId}/${ref.name}`;
  }

  async put(ref: SecretRef, value: string): Promise<void> {
    await this.storage.putSecret(ref, this.vault.seal(value, this.#aad(ref)), this.now() + this.idleMs);
  }

  async get(ref: SecretRef): Promise<string | null> {
    const sealed = await this.storage.getSecret(ref, this.now());
    return sealed ? this.vault.open(sealed, this.#aad(ref)) : null;
  }

  async delete(sessionId: string, setupId: string, name?: SecretName): Promise<void> {
    await this.storage.deleteSecrets(
      name === undefined ? { sessionId, setupId } : { sessionId, setupId, name },
    );
  }

  async purgeSession(sessionId: string): Promise<void> {
    await this.storage.deleteSecrets({ sessionId });
  }

  async keepAlive(sessionId: string): Promise<void> {
    const now = this.now();
    await this.storage.extendSecrets(sessionId, now + this.idleMs, now);
  }

  async purgeExpired(): Promise<number> {
    return this.storage.purgeExpiredSecrets(this.now());
  }
}
