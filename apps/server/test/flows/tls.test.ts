import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { checkTls, diagnosisTarget } from '../../src/wizard/diagnosis.ts';
import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { TARGET_ADMIN, startSims } from '../sims.ts';
import { startTlsFront } from '../tls-fixture.ts';

const sims = await startSims();
const front = await startTlsFront(sims.target.url);
const { app } = await makeApp(testConfig());
afterAll(async () => {
  await app.close();
  await front.close();
  await sims.close();
});

async function newSetup(): Promise<{ browser: Browser; id: string }> {
  const browser = await Browser.started(app);
  const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
  return { browser, id };
}

describe('TLS', () => {
  it('refuses an untrusted certificate with a plain message and the custom-CA hint', async () => {
    const { browser, id } = await newSetup();
    const res = await browser.post(apiPaths.connect(id, 'target'), { url: front.url, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-tls');
    expect(body.hint).toMatch(/CA/);
  });

  it('connects with the CA pasted as PEM, and the proxy uses the same trust', async () => {
    const { browser, id } = await newSetup();
    const res = await browser.post(apiPaths.connect(id, 'target'), {
      url: front.url,
      ...TARGET_ADMIN,
      tls: { mode: 'ca', caPem: front.certPem },
    });
    expect(res.statusCode).toBe(200);
    expect(setupStateSchema.parse(res.json()).target?.tlsMode).toBe('ca');
    const proxied = await browser.get(apiPaths.harborProxy('target', 'projects'));
    expect(proxied.statusCode).toBe(200);
    expect(Array.isArray(proxied.json())).toBe(true);
  });

  it('connects with verification skipped, with a warning', async () => {
    const { browser, id } = await newSetup();
    const res = await browser.post(apiPaths.connect(id, 'target'), {
      url: front.url,
      ...TARGET_ADMIN,
      tls: { mode: 'insecure' },
    });
    expect(res.statusCode).toBe(200);
    expect(setupStateSchema.parse(res.json()).target?.warnings.join(' ')).toMatch(/verification is off/);
  });

  it('the connection test shows certificate detail and why it is not trusted', async () => {
    const target = diagnosisTarget(front.url);
    const untrusted = await checkTls(target, { verify: true });
    expect(untrusted.status).toBe('fail');
    expect(untrusted.detail).toContain('localhost');
    expect(untrusted.detail).toContain('DNS:localhost');
    expect(untrusted.fix).toMatch(/CA certificate/);
    expect((await checkTls(target, { verify: true, ca: front.certPem })).status).toBe('pass');
    expect((await checkTls(target, { verify: false })).status).toBe('warn');
  });
});
