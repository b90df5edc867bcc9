import { apiErrorSchema, apiPaths, setupStateSchema } from '@hw/wizard-api';
import { beforeEach, describe, expect, it } from 'vitest';

import { Browser, closedPort, json, makeApp, testConfig } from '../helpers.ts';
import { SOURCE_ADMIN, TARGET_ADMIN, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let setupId: string;
beforeEach(async () => {
  browser = await Browser.started(app);
  setupId = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
});

const connect = (side: 'source' | 'target', body: unknown) =>
  browser.post(apiPaths.connect(setupId, side), body);
/** The sims' project developer: a valid Harbor user who is not a system administrator. */
const connectAsDeveloper = (side: 'source' | 'target') =>
  connect(side, { url: sims[side].url, username: 'developer', password: 'Developer12345' });

describe('POST connect', () => {
  it('logs in to the target and reports version, capabilities and admin rights', async () => {
    const res = await connect('target', { url: `${sims.target.url}/`, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(200);
    const state = setupStateSchema.parse(res.json());
    expect(state.target).toMatchObject({
      url: sims.target.url,
      username: 'admin',
      tlsMode: 'verify',
      demo: false,
      isSysAdmin: true,
    });
    expect(state.target?.version).toMatch(/^v?2\.15/);
    expect(state.target?.capabilities.robotV2).toBe(true);
    expect(state.step).toBe('project');
    expect(state.completedSteps).toContain('connect-target');
    expect(JSON.stringify(state)).not.toContain(TARGET_ADMIN.password);
  });

  it('says the password is wrong, distinctly', async () => {
    const res = await connect('target', { url: sims.target.url, username: 'admin', password: 'wrong' });
    expect(res.statusCode).toBe(401);
    expect(apiErrorSchema.parse(res.json()).code).toBe('wrong-credentials');
  });

  it('says nothing answers at an unreachable address', async () => {
    const res = await connect('target', { url: `http://127.0.0.1:${await closedPort()}`, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-refused');
  });

  it('names the closed port: connection refused, nothing listens there', async () => {
    const port = await closedPort();
    const res = await connect('target', { url: `http://127.0.0.1:${port}`, ...TARGET_ADMIN });
    expect(apiErrorSchema.parse(res.json()).message).toBe(
      `Connection refused on port ${port} of 127.0.0.1 (the target Harbor): nothing listens there.`,
    );
  });

  it('says a URL with an API suffix is not the Harbor root', async () => {
    const res = await connect('target', { url: `${sims.target.url}/api/v2.0`, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('not-harbor');
    expect(body.hint).toContain('/api/v2.0');
  });

  it('requires a system administrator on the source', async () => {
    const res = await connectAsDeveloper('source');
    expect(res.statusCode).toBe(403);
    expect(apiErrorSchema.parse(res.json()).code).toBe('not-sysadmin');
  });

  it('accepts a non-admin on the target in push mode, with a warning', async () => {
    const res = await connectAsDeveloper('target');
    expect(res.statusCode).toBe(200);
    const state = setupStateSchema.parse(res.json());
    expect(state.target?.isSysAdmin).toBe(false);
    expect(state.target?.warnings.join(' ')).toMatch(/not a system administrator/);
  });

  it('refuses cloud metadata addresses', async () => {
    const res = await connect('target', { url: 'http://169.254.169.254', ...TARGET_ADMIN });
    expect(res.statusCode).toBe(403);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-url-refused');
  });

  it('maps a Harbor 5xx to a plain retryable message', async () => {
    sims.target.control.injectFault({ path: '/api/v2.0/users/current', status: 503, times: 3 });
    const res = await connect('target', { url: sims.target.url, ...TARGET_ADMIN });
    expect(res.statusCode).toBe(502);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-server-error');
    expect(body.harbor?.status).toBe(503);
    sims.target.control.injectFault({ reset: true });
    expect((await connect('target', { url: sims.target.url, ...TARGET_ADMIN })).statusCode).toBe(200);
  });

  it('rejects bad input with 400', async () => {
    const res = await connect('target', { url: 'not a url', username: '', password: '' });
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).issues?.length).toBeGreaterThan(0);
  });

  it('warns when source and target are the same Harbor', async () => {
    expect((await connect('target', { url: sims.source.url, ...SOURCE_ADMIN })).statusCode).toBe(200);
    const res = await connect('source', { url: sims.source.url, ...SOURCE_ADMIN });
    expect(setupStateSchema.parse(res.json()).source?.warnings.join(' ')).toMatch(/same Harbor/);
  });

  it('refuses the demo when no demo Harbors run', async () => {
    const res = await connect('target', { demo: true });
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).code).toBe('demo-unavailable');
  });
});

describe('HARBOR_ALLOWLIST', () => {
  it('refuses Harbors outside the allowlist', async () => {
    const { app: strict } = await makeApp(testConfig({ harborAllowlist: ['https://harbor.example.com'] }));
    const other = await Browser.started(strict);
    const id = json<{ id: string }>(await other.post(apiPaths.setups, { mode: 'push' })).id;
    const res = await other.post(apiPaths.connect(id, 'target'), { url: sims.target.url, ...SOURCE_ADMIN });
    expect(res.statusCode).toBe(403);
    expect(apiErrorSchema.parse(res.json()).hint).toContain('HARBOR_ALLOWLIST');
    await strict.close();
  });
});
