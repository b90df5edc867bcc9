// Connect reads Harbor's auth_mode (public in /systeminfo) and says which password its API takes,
// and an https:// URL on a plain-HTTP port is named as such instead of a certificate problem.
import http from 'node:http';

import type { HarborSim } from '@hw/harbor-sim';
import { createHarborSim } from '@hw/harbor-sim';
import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';

const ADMIN = { username: 'admin', password: 'Oidc-Admin-Pass-3907' };
const oidc = await createHarborSim({
  name: 'target',
  seed: 'target-oidc',
  admin: ADMIN,
  authMode: 'oidc_auth',
});
const ldap = await createHarborSim({
  name: 'target',
  seed: 'target-ldap',
  admin: ADMIN,
  authMode: 'ldap_auth',
});
const plain = http.createServer((_request, response) => response.end('plain http'));
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainPort = (plain.address() as { port: number }).port;
const { app } = await makeApp(testConfig());
afterAll(async () => {
  await app.close();
  await Promise.all([oidc.close(), ldap.close()]);
  await new Promise<void>((resolve) => plain.close(() => resolve()));
});

let browser: Browser;
let setupId: string;
beforeEach(async () => {
  browser = await Browser.started(app);
  setupId = (await browser.post(apiPaths.setups, { mode: 'push' })).json<{ id: string }>().id;
});

const connect = (sim: HarborSim | string, credentials: { username: string; password: string }) =>
  browser.post(apiPaths.connect(setupId, 'target'), {
    url: typeof sim === 'string' ? sim : sim.url,
    ...credentials,
  });

describe('connect reads auth_mode', () => {
  it('on an OIDC Harbor: reports it and says OIDC users log in with their CLI secret', async () => {
    const res = await connect(oidc, ADMIN);
    expect(res.statusCode).toBe(200);
    const target = setupStateSchema.parse(res.json()).target;
    expect(target?.authMode).toBe('oidc_auth');
    expect(target?.passwordNote).toMatch(/CLI secret from their user profile/);
    expect(target?.passwordNote).toMatch(/local admin account keeps its own password/);
  });

  it('on an OIDC Harbor: a refused password is answered with the CLI secret hint', async () => {
    const res = await connect(oidc, { username: 'developer', password: 'not-the-cli-secret' });
    expect(res.statusCode).toBe(401);
    const error = apiErrorSchema.parse(res.json());
    expect(error.code).toBe('wrong-credentials');
    expect(error.hint).toMatch(/CLI secret/);
  });

  it('on an LDAP Harbor: says the LDAP password works', async () => {
    const ok = setupStateSchema.parse((await connect(ldap, ADMIN)).json()).target;
    expect(ok?.authMode).toBe('ldap_auth');
    expect(ok?.passwordNote).toMatch(/LDAP password/);
    const refused = apiErrorSchema.parse((await connect(ldap, { ...ADMIN, password: 'wrong' })).json());
    expect(refused.hint).toMatch(/LDAP password/);
  });
});

describe('connect to https:// on a plain-HTTP port', () => {
  it('says the port does not speak TLS, and does not ask for a CA', async () => {
    const res = await connect(`https://127.0.0.1:${plainPort}`, ADMIN);
    expect(res.statusCode).toBe(400);
    const error = apiErrorSchema.parse(res.json());
    expect(error.code).toBe('harbor-not-tls');
    expect(error.message).toMatch(/does not speak TLS/);
    expect(error.hint).toMatch(/try http:\/\//);
    expect(error.hint).not.toMatch(/CA \(PEM\)|custom CA/);
  });
});
