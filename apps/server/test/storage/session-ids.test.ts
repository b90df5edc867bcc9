// The session cookie is a bearer credential: the database and the log hold only its sha256, so a
// copied database file or log cannot be replayed as a live session.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { apiPaths } from '@hw/wizard-api';
import { setupStateAt } from '@hw/wizard-api/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { sessionIdFor } from '../../src/plugins/session.ts';
import { DATABASE_FILE, migrate, openSqliteStorage } from '../../src/storage/sqlite-storage.ts';
import { Browser, makeApp, tempDir, testConfig } from '../helpers.ts';
import { connectedSetup, startSims } from '../sims.ts';

/** Every file SQLite keeps for the database (main file, WAL, shared memory), as raw bytes. */
function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dataDir)
      .filter((name) => name.startsWith(DATABASE_FILE))
      .map((name) => fs.readFileSync(path.join(dataDir, name))),
  );
}

describe('session ids at rest', () => {
  const sims = startSims();
  afterAll(async () => (await sims).close());

  it('never writes the cookie value to the database or the log, only its sha256', async () => {
    const config = testConfig();
    const { app, logs } = await makeApp(config);
    const browser = await Browser.started(app);
    const token = browser.cookie!;
    expect(token.length).toBeGreaterThan(30);
    // A whole setup: session row, setup rows, sealed passwords, audit lines of Harbor writes.
    const setupId = await connectedSetup(browser, await sims);
    expect(
      (await browser.put(apiPaths.project(setupId), { name: 'hashed-ids', create: true })).statusCode,
    ).toBe(200);
    expect((await app.ctx.storage.listAudit({ setupId })).length).toBeGreaterThan(0);
    expect((await browser.get(apiPaths.harborProxy('target', 'projects'))).statusCode).toBe(200);
    const setup = await app.ctx.storage.getSetup(setupId);
    expect(setup?.sessionId).toBe(createHash('sha256').update(token).digest('hex'));
    await app.close();

    const bytes = databaseBytes(config.dataDir);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(sessionIdFor(token)))).toBe(true);
    expect(logs.text).not.toContain(token);
  });

  it('the same cookie finds its session again after a restart', async () => {
    const config = testConfig();
    const first = await makeApp(config);
    const browser = await Browser.started(first.app);
    const setupId = (await browser.post(apiPaths.setups, { mode: 'push' })).json<{ id: string }>().id;
    await first.app.close();

    const second = await makeApp(config);
    browser.app = second.app;
    expect((await browser.get(apiPaths.setup(setupId))).statusCode).toBe(200);
    await second.app.close();
  });
});

describe('migration of a database written with raw session ids', () => {
  it('replaces every raw id by its hash (the old cookie keeps working) and leaves no copy in the files', async () => {
    const dir = tempDir();
    const token = randomBytes(32).toString('base64url');
    const at = '2026-01-01T00:00:00.000Z';
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.pragma('journal_mode = WAL');
    migrate(old, 1);
    old.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)').run(token, at, at, 'u1');
    old
      .prepare('INSERT INTO setups VALUES (?, ?, ?, ?, ?, ?)')
      .run('u1', token, JSON.stringify(setupStateAt('project', { id: 'u1' })), '{"connections":{}}', at, at);
    old
      .prepare('INSERT INTO secrets VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        token,
        'u1',
        'password:target',
        Buffer.alloc(12),
        Buffer.alloc(16),
        Buffer.from('x'),
        Date.now() + 60_000,
      );
    old
      .prepare(
        'INSERT INTO audit_log (at, session_id, setup_id, side, method, path, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(at, token, 'u1', 'target', 'POST', '/api/v2.0/projects', '201');
    old.close();
    expect(databaseBytes(dir).includes(Buffer.from(token))).toBe(true);

    const storage = openSqliteStorage(dir);
    const id = sessionIdFor(token);
    expect(await storage.getSession(id)).toMatchObject({ id, currentSetupId: 'u1' });
    expect(await storage.getSession(token)).toBeNull();
    // The cookie finds its session by the hash of its token (rotated on every login since).
    expect(await storage.findSessionByToken(id)).toMatchObject({ id, currentSetupId: 'u1' });
    expect((await storage.listSetups(id)).map((s) => s.id)).toEqual(['u1']);
    expect((await storage.listAudit({ sessionId: id })).length).toBe(1);
    // Sealed under the raw id: cannot be opened any more, so it is gone (the operator logs in again).
    expect(await storage.getSecret({ sessionId: id, setupId: 'u1', name: 'password:target' }, 0)).toBeNull();
    await storage.close();

    expect(databaseBytes(dir).includes(Buffer.from(token))).toBe(false);
  });
});
