import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { SECRET_KEY_FILE, resolveSecretKey } from '../../src/security/secret-key.ts';
import { Vault } from '../../src/security/vault.ts';
import { tempDir } from '../helpers.ts';

describe('Vault', () => {
  it('round-trips a secret, and the ciphertext does not contain it', () => {
    const vault = new Vault(randomBytes(32));
    const sealed = vault.seal('Sup3r-Secret-Value', 'session/setup/robot-secret');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('Sup3r');
    expect(vault.open(sealed, 'session/setup/robot-secret')).toBe('Sup3r-Secret-Value');
  });

  it('refuses a value bound to another owner, tampered with, or sealed under another key', () => {
    const vault = new Vault(randomBytes(32));
    const sealed = vault.seal('value', 'a/b/c');
    expect(vault.open(sealed, 'x/b/c')).toBeNull();
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0] = (tampered.ciphertext[0] ?? 0) ^ 1;
    expect(vault.open(tampered, 'a/b/c')).toBeNull();
    expect(new Vault(randomBytes(32)).open(sealed, 'a/b/c')).toBeNull();
  });

  it('uses a fresh IV per value', () => {
    const vault = new Vault(randomBytes(32));
    expect(vault.seal('same', 'k').iv.equals(vault.seal('same', 'k').iv)).toBe(false);
  });
});

describe('resolveSecretKey', () => {
  it('prefers SECRET_KEY', () => {
    const key = randomBytes(32);
    const dir = tempDir();
    expect(resolveSecretKey(key, dir)).toBe(key);
    expect(fs.existsSync(path.join(dir, SECRET_KEY_FILE))).toBe(false);
  });

  it('generates a key file with mode 0600 once and reads it back after a restart', () => {
    const dir = tempDir();
    const first = resolveSecretKey(null, dir);
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(null, dir).equals(first)).toBe(true);
  });

  it('refuses a corrupt key file instead of silently replacing it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, SECRET_KEY_FILE), 'not hex');
    expect(() => resolveSecretKey(null, dir)).toThrow(/64 hex/);
  });
});
