// Erased secrets must be gone from every file of DATA_DIR, not only from the live tables: the WAL
// used to keep the pages as they were, and a copy taken right after Finish, "Forget me" or the idle
// purge (or after kill -9) gave back both admin passwords and both robot secrets with secret.key.
import fs from 'node:fs';
import path from 'node:path';

import { apiPaths } from '@hw/wizard-api';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';

import { SECRET_KEY_FILE } from '../../src/security/secret-key.ts';
import { Vault } from '../../src/security/vault.ts';
import { DATABASE_FILE } from '../../src/storage/sqlite-storage.ts';
import { ok, throughRobot, throughRule } from '../flows/push-flow.ts';
import { Browser, makeApp, tempDir, testConfig } from '../helpers.ts';
import { SOURCE_ADMIN, TARGET_ADMIN, connectedSetup, startSims } from '../sims.ts';

const sims = await startSims();
afterAll(() => sims.close());

type SecretRow = {
  session_id: string;
  setup_id: string;
  name: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
};

function secretRows(dataDir: string): SecretRow[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM secrets').all() as SecretRow[];
  } finally {
    db.close();
  }
}

/** What an attacker copies from a running server: every file of DATA_DIR, as it is right now. */
function copyDataDir(dataDir: string): string {
  const copy = tempDir();
  for (const name of fs.readdirSync(dataDir))
    fs.copyFileSync(path.join(dataDir, name), path.join(copy, name));
  return copy;
}

/**
 * Everything of `erased` an attacker gets back from the copy: its sealed bytes anywhere in the raw
 * files, and every secret row of the copied database (WAL replayed) that opens with the copied key.
 */
function recoverable(copy: string, erased: SecretRow[]): string[] {
  const found: string[] = [];
  const raw = fs.readdirSync(copy).map((name) => fs.readFileSync(path.join(copy, name)));
  const key = Buffer.from(fs.readFileSync(path.join(copy, SECRET_KEY_FILE), 'utf8').trim(), 'hex');
  const vault = new Vault(key);
  for (const row of erased) {
    if (raw.some((bytes) => bytes.includes(row.ciphertext))) found.push(`${row.name}: ciphertext in a file`);
    if (raw.some((bytes) => bytes.includes(row.iv))) found.push(`${row.name}: nonce in a file`);
  }
  const db = new Database(path.join(copy, DATABASE_FILE));
  const candidates = db.prepare('SELECT * FROM secrets').all() as SecretRow[];
  db.close();
  for (const row of erased) {
    const aad = `${row.session_id}/${row.setup_id}/${row.name}`;
    for (const candidate of candidates) {
      if (vault.open(candidate, aad) !== null) found.push(`${row.name}: decrypted from the copy`);
    }
  }
  return found;
}

function noClearText(copy: string, secrets: string[]): void {
  for (const name of fs.readdirSync(copy)) {
    const bytes = fs.readFileSync(path.join(copy, name));
    for (const secret of secrets)
      expect(bytes.includes(Buffer.from(secret)), `${secret} in ${name}`).toBe(false);
  }
}

async function appWithKeyFile(
  now?: () => Date,
): Promise<{ app: FastifyInstance; dataDir: string; browser: Browser }> {
  const config = testConfig({ secretKey: null });
  const { app } = await makeApp(config, now ? { now } : {});
  const browser = await Browser.started(app);
  return { app, dataDir: config.dataDir, browser };
}

/** Both admin passwords and the robot's secret are stored; the copy before erasure finds them all. */
function sealedBeforeErasure(dataDir: string, expected: number): SecretRow[] {
  const rows = secretRows(dataDir);
  expect(rows.length).toBe(expected);
  expect(
    recoverable(copyDataDir(dataDir), rows).filter((f) => f.endsWith('decrypted from the copy')),
  ).toHaveLength(expected);
  return rows;
}

describe('recovering erased secrets from a copy of DATA_DIR', () => {
  it('after Finish, nothing erased is left in the database, its WAL or its shared memory', async () => {
    const { app, dataDir, browser } = await appWithKeyFile();
    const id = await connectedSetup(browser, sims);
    await throughRobot(browser, id, 'wal-finish-dst');
    const rows = sealedBeforeErasure(dataDir, 4);
    await throughRule(browser, id, 'wal-finish-dst');
    ok(await browser.post(apiPaths.executions(id)), 'run');
    expect((await browser.post(apiPaths.complete(id))).statusCode).toBe(200);
    const copy = copyDataDir(dataDir);
    expect(recoverable(copy, rows)).toEqual([]);
    noClearText(copy, [SOURCE_ADMIN.password, TARGET_ADMIN.password]);
    await app.close();
  });

  it('after "Forget me", nothing erased is left', async () => {
    const { app, dataDir, browser } = await appWithKeyFile();
    const id = await connectedSetup(browser, sims);
    await throughRobot(browser, id, 'wal-forget-dst');
    const rows = sealedBeforeErasure(dataDir, 4);
    expect((await browser.delete(apiPaths.session)).statusCode).toBe(204);
    expect(recoverable(copyDataDir(dataDir), rows)).toEqual([]);
    await app.close();
  });

  it('after the idle purge, nothing erased is left', async () => {
    let now = Date.now();
    const { app, dataDir, browser } = await appWithKeyFile(() => new Date(now));
    await connectedSetup(browser, sims);
    const rows = sealedBeforeErasure(dataDir, 2);
    now += 2 * 60 * 60_000;
    expect(await app.ctx.secrets.purgeExpired()).toBe(2);
    expect(recoverable(copyDataDir(dataDir), rows)).toEqual([]);
    await app.close();
  });
});

describe('the generated key file', () => {
  it('is announced at start with how to pass SECRET_KEY instead; a configured key is not', async () => {
    const generated = await makeApp(testConfig({ secretKey: null }));
    const warnings = generated.logs.lines.filter((line) => line.includes('SECRET_KEY'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40 });
    expect(warnings[0]).toContain('openssl rand -hex 32');
    await generated.app.close();
    const configured = await makeApp(testConfig());
    expect(configured.logs.text).not.toContain('SECRET_KEY');
    await configured.app.close();
  });
});
