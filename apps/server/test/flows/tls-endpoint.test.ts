// An endpoint behind a self-signed certificate: Harbor's ping fails, the diagnosis says why, and the
// endpoint's CA certificate (Harbor ≥ 2.15) fixes it.
import { createHarborSim } from '@hw/harbor-sim';
import { apiErrorSchema, apiPaths, connectionTestResultSchema, setupStateSchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { SOURCE_ADMIN, TARGET_ADMIN, startSims } from '../sims.ts';
import { selfSignedCertificate } from '@hw/harbor-sim';
import { ok } from './push-flow.ts';

const sims = await startSims();
const certificate = selfSignedCertificate();
const secureTarget = await createHarborSim({
  name: 'tls target',
  seed: 'tls-target',
  admin: TARGET_ADMIN,
  https: certificate,
  host: '127.0.0.1',
});
const { app } = await makeApp(testConfig());
afterAll(async () => {
  await app.close();
  await secureTarget.close();
  await sims.close();
});

describe('endpoint behind a private CA', () => {
  it('diagnoses the certificate, then works with the CA given to the endpoint', async () => {
    const targetUrl = secureTarget.url.replace('127.0.0.1', 'localhost');
    const browser = await Browser.started(app);
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    ok(
      await browser.post(apiPaths.connect(id, 'target'), {
        url: targetUrl,
        ...TARGET_ADMIN,
        tls: { mode: 'ca', caPem: certificate.cert },
      }),
      'target',
    );
    ok(
      await browser.post(apiPaths.connect(id, 'source'), { url: sims.source.url, ...SOURCE_ADMIN }),
      'source',
    );
    ok(await browser.put(apiPaths.project(id), { name: 'secure-dst', create: true }), 'project');
    ok(await browser.post(apiPaths.robot(id), { name: 'secure', duration: -1 }), 'robot');
    ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');

    const refused = await browser.put(apiPaths.endpoint(id), { name: 'secure-target', url: targetUrl });
    expect(refused.statusCode).toBe(400);
    expect(apiErrorSchema.parse(refused.json()).code).toMatch(/^endpoint-/);

    const test = connectionTestResultSchema.parse(
      ok(await browser.post(apiPaths.connectionTest(id)), 'test'),
    );
    const tls = test.checks.find((c) => c.id === 'tls');
    expect(tls?.status).toBe('fail');
    expect(tls?.detail).toContain('issued by localhost');
    expect(tls?.fix).toMatch(/CA certificate/);

    const saved = setupStateSchema.parse(
      ok(
        await browser.put(apiPaths.endpoint(id), {
          name: 'secure-target',
          url: targetUrl,
          caCertificate: certificate.cert,
        }),
        'endpoint with CA',
      ),
    );
    expect(saved.endpoint?.url).toBe(targetUrl);
    const passing = connectionTestResultSchema.parse(
      ok(await browser.post(apiPaths.connectionTest(id)), 'test again'),
    );
    expect(passing.checks.map((c) => [c.id, c.status])).toEqual([
      ['harbor-ping', 'pass'],
      ['dns', 'pass'],
      ['tcp', 'pass'],
      ['tls', 'pass'],
      ['http', 'pass'],
      ['harbor', 'pass'],
      ['permissions', 'pass'],
    ]);
  });
});
