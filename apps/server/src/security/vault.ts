// AES-256-GCM sealing of secrets before they reach storage. Each value gets a fresh 96-bit IV; the
// owner (session, setup, name) is bound as additional authenticated data, so a row copied to another
// session or renamed fails to decrypt.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export type SealedSecret = { iv: Buffer; tag: Buffer; ciphertext: Buffer };

export class Vault {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The vault key must be 32 bytes');
    this.#key = key;
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** null when the value was tampered with, sealed under another key, or for another owner. */
  open(sealed: SealedSecret, aad: string): string | null {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.iv);
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** A keyed digest (for CSRF tokens): derived from the same key with a purpose label. */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}\0${value}`).digest('base64url');
  }
}
