// helmet runs once and its headers are replayed: every answer (API, proxy refusals, 404s, errors)
// must still carry the same strict set.
import { apiPaths } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { makeApp, testConfig } from '../helpers.ts';

const HELMET = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'x-content-type-options',
  'x-frame-options',
];

describe('security headers on every answer', () => {
  it('are the same on the first and later requests, whatever the route or status', async () => {
    const { app } = await makeApp(testConfig());
    const first = await app.inject({ method: 'GET', url: apiPaths.health });
    for (const name of HELMET) expect(first.headers[name], name).toBeDefined();
    expect(first.headers['strict-transport-security']).toBeUndefined();
    for (const url of [apiPaths.health, '/api/nope', apiPaths.harborProxy('target', 'users')]) {
      const res = await app.inject({ method: 'GET', url });
      for (const name of HELMET) expect(res.headers[name], `${url} ${name}`).toBe(first.headers[name]);
    }
    await app.close();
  });

  it('adds HSTS behind a TLS-terminating proxy', async () => {
    const { app } = await makeApp(testConfig({ trustProxy: true }));
    const res = await app.inject({ method: 'GET', url: apiPaths.health });
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    await app.close();
  });
});
