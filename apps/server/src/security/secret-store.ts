// Secrets at rest: sealed by the vault, bound to their session and setup, and gone after the
// session has been idle for SESSION_IDLE_MINUTES (every request of the session pushes that back).
import type { SecretName, SecretRef, Storage } from '../storage/storage.ts';
import type { Vault } from './vault.ts';

/** What changed: one setup's secrets, a whole session's, or (expiry) any. */
export type SecretChange = { sessionId: string; setupId?: string } | { all: true };

export class SecretStore {
  readonly #listeners: ((change: SecretChange) => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly vault: Vault,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called after every write or deletion (caches of decrypted values drop what they hold). */
  onChange(listener: (change: SecretChange) => void): void {
    this.#listeners.push(listener);
  }

  #changed(change: SecretChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  #aad(ref: SecretRef): string {
    return `${ref.sessionId}/${ref.setupId}/${ref.name}`;
  }

  async put(ref: SecretRef, value: string): Promise<void> {
    await this.storage.putSecret(ref, this.vault.seal(value, this.#aad(ref)), this.now() + this.idleMs);
    this.#changed({ sessionId: ref.sessionId, setupId: ref.setupId });
  }

  async get(ref: SecretRef): Promise<string | null> {
    return (await this.read(ref))?.value ?? null;
  }

  /** The value and when it expires unless the session is active again before then. */
  async read(ref: SecretRef): Promise<{ value: string; expiresAt: number } | null> {
    const sealed = await this.storage.getSecret(ref, this.now());
    if (!sealed) return null;
    const value = this.vault.open(sealed, this.#aad(ref));
    return value === null ? null : { value, expiresAt: sealed.expiresAt };
  }

  async delete(sessionId: string, setupId: string, name?: SecretName): Promise<void> {
    await this.storage.deleteSecrets(
      name === undefined ? { sessionId, setupId } : { sessionId, setupId, name },
    );
    this.#changed({ sessionId, setupId });
  }

  async purgeSession(sessionId: string): Promise<void> {
    await this.storage.deleteSecrets({ sessionId });
    this.#changed({ sessionId });
  }

  async keepAlive(sessionId: string): Promise<void> {
    const now = this.now();
    await this.storage.extendSecrets(sessionId, now + this.idleMs, now);
  }

  async purgeExpired(): Promise<number> {
    const purged = await this.storage.purgeExpiredSecrets(this.now());
    if (purged > 0) this.#changed({ all: true });
    return purged;
  }
}
