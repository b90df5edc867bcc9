import { CSRF_HEADER, apiPaths, sessionSchema } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SESSION_COOKIE } from '../../src/plugins/session.ts';
import { Browser, json, makeApp, testConfig } from '../helpers.ts';

const { app } = await makeApp(testConfig());
afterAll(() => app.close());

describe('session cookie and CSRF', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await Browser.started(app);
  });

  it('creates a session with an httpOnly, SameSite=Strict cookie and returns a CSRF token', async () => {
    const res = await app.inject({ method: 'GET', url: apiPaths.session });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const body = sessionSchema.parse(res.json());
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(body.demo.available).toBe(false);
    expect(body.history).toEqual([]);
  });

  it('keeps the same session on the next visit', async () => {
    const first = json<{ csrfToken: string }>(await browser.get(apiPaths.session));
    const again = json<{ csrfToken: string }>(await browser.get(apiPaths.session));
    expect(again.csrfToken).toBe(first.csrfToken);
  });

  it('refuses unsafe requests without, or with a wrong, CSRF token', async () => {
    const withoutToken = await browser.request(
      'POST',
      apiPaths.setups,
      { mode: 'push' },
      { [CSRF_HEADER]: '' },
    );
    expect(withoutToken.statusCode).toBe(403);
    expect(json(withoutToken)).toMatchObject({ code: 'csrf' });
    const wrong = await browser.request(
      'POST',
      apiPaths.setups,
      { mode: 'push' },
      { [CSRF_HEADER]: 'forged-token-value' },
    );
    expect(wrong.statusCode).toBe(403);
    const other = await Browser.started(app);
    const foreign = await browser.request(
      'POST',
      apiPaths.setups,
      { mode: 'push' },
      { [CSRF_HEADER]: other.csrf ?? '' },
    );
    expect(foreign.statusCode).toBe(403);
    const ok = await browser.post(apiPaths.setups, { mode: 'push' });
    expect(ok.statusCode).toBe(200);
  });

  it('sets Secure on the cookie behind a TLS-terminating proxy when TRUST_PROXY is on', async () => {
    const { app: proxied } = await makeApp(testConfig({ trustProxy: true }));
    const res = await proxied.inject({
      method: 'GET',
      url: apiPaths.session,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    await proxied.close();
  });
});

describe('security headers', () => {
  it('sends a strict CSP without inline script', async () => {
    const res = await app.inject({ method: 'GET', url: apiPaths.health });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
