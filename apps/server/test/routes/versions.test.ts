import { createHarborSim } from '@hw/harbor-sim';
import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';

const admin = { username: 'admin', password: 'Old-Harbor-Pass-1' };
const old = await createHarborSim({ name: 'old', seed: 'old-target', admin, version: '2.1.0' });
const v210 = await createHarborSim({ name: 'v2.10', seed: 'v210-target', admin, version: '2.10.3' });
const { app } = await makeApp(testConfig());
afterAll(async () => {
  await app.close();
  await Promise.all([old.close(), v210.close()]);
});

async function connect(url: string) {
  const browser = await Browser.started(app);
  const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
  return browser.post(apiPaths.connect(id, 'target'), { url, ...admin });
}

describe('Harbor versions', () => {
  it('refuses Harbor older than 2.2 with a clear message', async () => {
    const res = await connect(old.url);
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('unsupported-version');
    expect(body.message).toMatch(/2\.2/);
  });

  it('reports the capabilities of an older supported Harbor', async () => {
    const res = await connect(v210.url);
    expect(res.statusCode).toBe(200);
    const target = setupStateSchema.parse(res.json()).target!;
    expect(target.version).toMatch(/2\.10\.3/);
    expect(target.capabilities).toMatchObject({
      robotV2: true,
      singleActiveReplication: false,
      registryCaCertificate: false,
      cronSecondsRule: true,
    });
  });
});
