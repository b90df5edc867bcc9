import net from 'node:net';

import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/app.ts';
import { Browser, LogCapture, json, testConfig } from '../helpers.ts';

const logs = new LogCapture();
const app = await buildApp(testConfig(), { logStream: logs });
app.get('/api/boom', () => {
  throw new Error('database at /var/lib/secret-path exploded');
});
await app.ready();

// A "Harbor" that accepts connections and drops them at once.
const resetter = net.createServer((socket) => socket.destroy());
await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
const resetPort = (resetter.address() as net.AddressInfo).port;

afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => resetter.close(() => resolve()));
});

describe('error handler', () => {
  it('never leaks internals in a 5xx, but logs them', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    const body = apiErrorSchema.parse(res.json());
    expect(body.code).toBe('internal');
    expect(res.body).not.toContain('secret-path');
    expect(logs.text).toContain('secret-path');
  });

  it('explains a connection reset by the Harbor', async () => {
    const browser = await Browser.started(app);
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    const res = await browser.post(apiPaths.connect(id, 'target'), {
      url: `http://127.0.0.1:${resetPort}`,
      username: 'admin',
      password: 'x',
    });
    expect(res.statusCode).toBe(502);
    expect(apiErrorSchema.parse(res.json()).code).toBe('harbor-reset');
  });

  it('rate-limits the connect route per session', async () => {
    const browser = await Browser.started(app);
    const id = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i += 1)
      statuses.push((await browser.post(apiPaths.connect(id, 'target'), { url: 'not a url' })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await browser.post(apiPaths.connect(id, 'target'), {})).json()).toMatchObject({
      code: 'rate-limited',
    });
  });
});
