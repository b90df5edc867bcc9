// Stored setup rows are parsed, not trusted: an older row loads with today's defaults, and a
// damaged one is a clear 409 the operator can act on, never a 500.
import path from 'node:path';

import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { connectionFixture, setupStateAt } from '@hw/wizard-api/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite-storage.ts';
import { UnreadableSetupError } from '../../src/storage/stored-setup.ts';
import { Browser, json, makeApp, tempDir, testConfig } from '../helpers.ts';

/** Rewrites a column of a setup row behind the storage's back, as an older version or a disk fault would. */
function rewriteRow(dataDir: string, id: string, column: 'state' | 'internal', text: string): void {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    db.prepare(`UPDATE setups SET ${column} = ? WHERE id = ?`).run(text, id);
  } finally {
    db.close();
  }
}

describe('stored setup rows', () => {
  it('loads a row saved before later fields existed, with their defaults', async () => {
    const dir = tempDir();
    const storage = openSqliteStorage(dir);
    const state = setupStateAt('connection-test', { target: connectionFixture() });
    await storage.createSession(
      {
        id: 's1',
        createdAt: state.createdAt,
        lastSeenAt: state.createdAt,
        currentSetupId: null,
      },
      'token-s1',
    );
    await storage.saveSetup({ id: state.id, sessionId: 's1', state, internal: { connections: {} } });

    const {
      connectionTest: _test,
      lastExecutionId: _run,
      created: _created,
      rule: _rule,
      policy: _policy,
      finishedWithoutRun: _withoutRun,
      cleanup: _cleanup,
      ...old
    } = state;
    const {
      registryCaCertificate: _ca,
      singleActiveReplication: _single,
      ...oldCaps
    } = state.target!.capabilities;
    const { handedOff: _handedOff, ...oldRobot } = state.robot!;
    rewriteRow(
      dir,
      state.id,
      'state',
      JSON.stringify({ ...old, target: { ...state.target, capabilities: oldCaps }, robot: oldRobot }),
    );
    rewriteRow(dir, state.id, 'internal', '{}');

    const loaded = await storage.getSetup(state.id);
    expect(loaded?.state).toEqual({
      ...state,
      connectionTest: null,
      lastExecutionId: null,
      created: [],
      rule: null,
      policy: null,
      target: {
        ...state.target,
        capabilities: {
          ...state.target!.capabilities,
          registryCaCertificate: false,
          singleActiveReplication: false,
        },
      },
      robot: { ...state.robot, handedOff: false },
    });
    expect(loaded?.internal).toEqual({ connections: {} });
    // What loads is what the web app accepts.
    expect(setupStateSchema.safeParse(loaded?.state).success).toBe(true);
    await storage.close();
  });

  it.each([
    ['state is not JSON', 'state', '{"id":', 'state is not JSON'],
    [
      'state lost a required field',
      'state',
      JSON.stringify({ id: 'x', mode: 'sideways' }),
      'state does not match its schema at mode',
    ],
    [
      'internal has the wrong shape',
      'internal',
      JSON.stringify({ connections: { target: { url: 1 } } }),
      'internal does not match its schema at connections.target.url',
    ],
  ] as const)(
    'a damaged row (%s) is an UnreadableSetupError naming where, and is left out of the list',
    async (_title, column, text, reason) => {
      const dir = tempDir();
      const storage = openSqliteStorage(dir);
      const good = setupStateAt('project', { id: 'good' });
      const bad = setupStateAt('project', { id: 'bad' });
      await storage.createSession(
        {
          id: 's1',
          createdAt: good.createdAt,
          lastSeenAt: good.createdAt,
          currentSetupId: null,
        },
        'token-s1',
      );
      for (const state of [good, bad])
        await storage.saveSetup({ id: state.id, sessionId: 's1', state, internal: { connections: {} } });
      rewriteRow(dir, 'bad', column, text);

      const error = await storage.getSetup('bad').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnreadableSetupError);
      expect(error).toMatchObject({ setupId: 'bad', sessionId: 's1' });
      expect((error as UnreadableSetupError).reason).toContain(reason);
      expect((await storage.listSetups('s1')).map((s) => s.id)).toEqual(['good']);
      await storage.close();
    },
  );

  it('answers a damaged setup with a clear 409; the session still works and a new setup starts', async () => {
    const config = testConfig();
    const { app, logs } = await makeApp(config);
    try {
      const browser = await Browser.started(app);
      const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
      rewriteRow(config.dataDir, id, 'state', '{"id":');

      const res = await browser.get(apiPaths.setup(id));
      expect(res.statusCode).toBe(409);
      const body = apiErrorSchema.parse(res.json());
      expect(body.code).toBe('setup-unreadable');
      expect(body.message).toContain('can no longer read');
      expect(body.hint).toContain('Start a new setup');
      expect(res.body).not.toMatch(/at .*\.ts|stack/i);
      expect(logs.text).toContain('stored setup unreadable');

      const session = await browser.get(apiPaths.session);
      expect(session.statusCode).toBe(200);
      expect(session.json<{ history: unknown[] }>().history).toEqual([]);
      expect((await browser.post(apiPaths.setups, { mode: 'pull' })).statusCode).toBe(200);

      // Another session cannot tell a damaged setup from a missing one.
      const stranger = await Browser.started(app);
      const probe = await stranger.get(apiPaths.setup(id));
      expect(probe.statusCode).toBe(404);
      expect(apiErrorSchema.parse(probe.json()).code).toBe('setup-not-found');
    } finally {
      await app.close();
    }
  });
});
