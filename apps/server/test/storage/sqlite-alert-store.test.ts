// The alert history is bounded: the oldest alerts go once there are more than the kept number,
// except one whose delivery is still pending (it must still go out).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import type { NewAlert } from '../../src/storage/alert-store.ts';
import { createSqliteAlertStore } from '../../src/storage/sqlite-alert-store.ts';
import { migrate } from '../../src/storage/sqlite-storage.ts';

const run = <T>(fn: () => T) => Promise.resolve(fn());

function alert(n: number): NewAlert {
  return {
    watchId: 'w',
    ruleName: 'r',
    kind: 'failing',
    state: 'firing',
    message: `alert ${n}`,
    payload: {},
    at: '2026-12-06T06:00:00.000Z',
  };
}

describe('SQLite alert store', () => {
  it('keeps the newest alerts and every one still pending', async () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    const store = createSqliteAlertStore(db, run, (n) => n, 3);
    const pending = await store.addAlert(alert(0), { targets: [{ id: 't', name: 'ops' }], dueAt: 0 });
    for (let n = 1; n <= 5; n++) {
      const id = await store.addAlert(alert(n), { targets: [{ id: 't', name: 'ops' }], dueAt: 0 });
      await store.updateDelivery(id, 't', {
        status: 'sent',
        attempts: 1,
        lastError: null,
        lastAttemptAt: null,
        nextAttemptAt: null,
      });
    }
    const kept = await store.listAlerts({ limit: 100 });
    expect(kept.map((a) => a.message)).toEqual(['alert 5', 'alert 4', 'alert 3', 'alert 0']);
    expect(kept.at(-1)!.id).toBe(pending);
    expect(kept.at(-1)!.deliveries).toHaveLength(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM alert_deliveries').get() as { n: number }).n).toBe(4);
    db.close();
  });
});
