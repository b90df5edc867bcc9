// With HARBOR_ALLOWLIST set, the endpoint URL is checked too: the rule's Harbor would otherwise
// ping (and store) a URL outside it with the robot's credentials, on the wizard's behalf.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { throughRobot } from '../flows/push-flow.ts';
import type { Browser } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';

const seen: { method: string; url: string; authorization: string | undefined }[] = [];
const outside = http.createServer((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
await new Promise<void>((done) => outside.listen(0, '127.0.0.1', done));
const outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;

const { sims, app } = await startAppWithSims({}, (started) => ({
  harborAllowlist: [started.source.url, started.target.url],
}));
let browser: Browser;
let id: string;

beforeAll(async () => {
  ({ browser, id } = await connectedBrowser(app, sims));
  await throughRobot(browser, id, 'allowlisted');
  expect((await browser.post(apiPaths.robotHandOff(id), { stored: true })).statusCode).toBe(200);
});

afterAll(() => new Promise<void>((done) => outside.close(() => done())));

describe('an endpoint URL outside HARBOR_ALLOWLIST', () => {
  it('is refused with a 400 before the source Harbor pings it with the robot secret', async () => {
    seen.length = 0;
    const res = await browser.put(apiPaths.endpoint(id), { name: 'elsewhere', url: outsideUrl });
    expect(res.statusCode).toBe(400);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('harbor-url-refused');
    expect(body.message).toContain(`The endpoint URL ${outsideUrl} cannot be used`);
    expect(body.hint).toContain('HARBOR_ALLOWLIST');
    expect(seen).toEqual([]);
    expect(sims.source.control.state().registries.map((r) => r.name)).not.toContain('elsewhere');
  });

  it('is refused by the connection test too, before any ping or probe', async () => {
    const setup = (await app.ctx.storage.getSetup(id))!;
    setup.internal.endpointAttemptUrl = outsideUrl;
    await app.ctx.storage.saveSetup(setup);
    seen.length = 0;
    const res = await browser.post(apiPaths.connectionTest(id));
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-url-refused');
    expect(seen).toEqual([]);
  });
});
