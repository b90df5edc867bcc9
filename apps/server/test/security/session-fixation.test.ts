// Session fixation and leftovers: a cookie planted in the victim's browser must stop working when
// the victim logs in to a Harbor (or says "Forget me"), and visits that never start a setup must
// leave nothing in the database.
import path from 'node:path';

import { apiPaths, sessionSchema } from '@hw/wizard-api';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DATABASE_FILE, migrate, openSqliteStorage } from '../../src/storage/sqlite-storage.ts';
import { Browser, json, makeApp, tempDir, testConfig } from '../helpers.ts';
import { connectedSetup, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

/** A second browser holding exactly the cookie and CSRF token of the first. */
function copyOf(browser: Browser): Browser {
  const copy = new Browser(browser.app);
  copy.cookie = browser.cookie;
  copy.csrf = browser.csrf;
  return copy;
}

describe('session fixation: a planted cookie', () => {
  it("gives its planter nothing of the victim's Harbor logins once the victim has connected", async () => {
    const planter = await Browser.started(app);
    // The victim's browser now carries the planter's cookie (set by a sibling subdomain, say).
    const victim = copyOf(planter);
    const planted = planter.cookie;
    const setupId = await connectedSetup(victim, sims);
    expect((await victim.get(apiPaths.setup(setupId))).statusCode).toBe(200);
    expect((await victim.get(apiPaths.harborProxy('target', 'projects'))).statusCode).toBe(200);

    // 401 (no session) or 404 (another session's setup): either way nothing of the victim's.
    expect([401, 404]).toContain((await planter.get(apiPaths.setup(setupId))).statusCode);
    expect((await planter.get(apiPaths.harborProxy('target', 'projects'))).statusCode).not.toBe(200);
    const reconnect = await planter.post(apiPaths.connect(setupId, 'target'), { demo: true });
    expect(reconnect.statusCode).toBeGreaterThanOrEqual(400);
    // The planted cookie is simply not a session any more: a visit gets a new, empty one.
    const visit = await planter.get(apiPaths.session);
    expect(sessionSchema.parse(visit.json()).history).toEqual([]);
    expect(planter.cookie).not.toBe(planted);
    expect(victim.cookie).not.toBe(planted);
  });

  it('"Forget me" retires the cookie too: the old one no longer works, the new one keeps the history', async () => {
    const browser = await Browser.started(app);
    const setupId = await connectedSetup(browser, sims);
    const before = copyOf(browser);
    expect((await browser.delete(apiPaths.session)).statusCode).toBe(204);

    expect([401, 404]).toContain((await before.get(apiPaths.setup(setupId))).statusCode);
    expect((await before.get(apiPaths.harborProxy('target', 'projects'))).statusCode).not.toBe(200);
    const history = sessionSchema.parse(json(await browser.get(apiPaths.session))).history;
    expect(history.map((h) => h.id)).toEqual([setupId]);
    expect((await browser.get(apiPaths.setup(setupId))).statusCode).toBe(200);
    expect(browser.cookie).not.toBe(before.cookie);
  });
});

describe('sessions that never started a setup', () => {
  it('300 cookie-less visits leave no session rows; the first setup stores its session', async () => {
    const config = testConfig();
    const { app: fresh } = await makeApp(config);
    for (let visit = 0; visit < 300; visit += 1) {
      expect((await fresh.inject({ method: 'GET', url: apiPaths.session })).statusCode).toBe(200);
    }
    const browser = await Browser.started(fresh);
    // The cookie and CSRF token work before anything is stored.
    expect((await browser.get(apiPaths.session)).json<{ csrfToken: string }>().csrfToken).toBe(browser.csrf);
    const db = new Database(path.join(config.dataDir, DATABASE_FILE), { readonly: true });
    const sessions = () => (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    expect(sessions()).toBe(0);
    expect((await browser.post(apiPaths.setups, { mode: 'push' })).statusCode).toBe(200);
    expect(sessions()).toBe(1);
    db.close();
    await fresh.close();
  });

  it('those left by earlier versions go when the database is upgraded; the others keep working', async () => {
    const dir = tempDir();
    const at = '2026-01-01T00:00:00.000Z';
    const old = new Database(path.join(dir, DATABASE_FILE));
    migrate(old, 2);
    const insert = old.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?)');
    old.transaction(() => {
      for (let i = 0; i < 300; i += 1) insert.run(`visit-${i}`, at, at, null);
      insert.run('worker', at, at, 'u1');
      old
        .prepare('INSERT INTO setups VALUES (?, ?, ?, ?, ?, ?)')
        .run('u1', 'worker', '{"step":"project"}', '{"connections":{}}', at, at);
    })();
    old.close();

    const storage = openSqliteStorage(dir);
    expect(await storage.getSession('visit-0')).toBeNull();
    expect(await storage.findSessionByToken('worker')).toMatchObject({ id: 'worker', currentSetupId: 'u1' });
    await storage.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    db.close();
  });
});
