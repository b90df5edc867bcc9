// Errors Fastify raises itself (before any route runs) reach the browser in the same shape as the
// wizard's own: apiErrorSchema, a readable message, no framework codes.
import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';

const { app } = await makeApp(testConfig());
afterAll(() => app.close());

let browser: Browser;
beforeAll(async () => {
  browser = new Browser(app);
  await browser.start();
});

function parsed(res: { statusCode: number; body: string }) {
  const body = apiErrorSchema.strict().parse(JSON.parse(res.body));
  expect(body.code).not.toMatch(/^fst_/i);
  expect(body.message).not.toMatch(/FST_/);
  return body;
}

describe("Fastify's own errors", () => {
  it('invalid JSON body', async () => {
    const res = await browser.request('POST', apiPaths.setups, undefined, {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(parsed(res).code).toBe('invalid-json');

    const broken = await app.inject({
      method: 'POST',
      url: apiPaths.setups,
      headers: {
        cookie: `hw_session=${browser.cookie}`,
        'x-csrf-token': browser.csrf!,
        'content-type': 'application/json',
      },
      payload: '{"mode": "push"',
    });
    expect(broken.statusCode).toBe(400);
    expect(parsed(broken)).toMatchObject({
      code: 'invalid-json',
      message: 'The request body is not valid JSON.',
    });
  });

  it('bad URL encoding', async () => {
    for (const url of ['/api/setups/%00%ff', '/api/setups/%E0%A4%A']) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(parsed(res).code, url).toBe('bad-url');
    }
  });

  it('payload too large', async () => {
    const res = await browser.request('POST', apiPaths.setups, {
      mode: 'push',
      padding: 'x'.repeat(600 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(parsed(res).code).toBe('payload-too-large');
  });

  it('unsupported content type', async () => {
    const res = await browser.request('POST', apiPaths.setups, undefined, {
      'content-type': 'application/xml',
    });
    expect(res.statusCode).toBe(415);
    expect(parsed(res).code).toBe('unsupported-media-type');
  });

  it('unknown API route and unknown method', async () => {
    const unknown = await browser.get('/api/no-such-route');
    expect(unknown.statusCode).toBe(404);
    expect(parsed(unknown)).toMatchObject({
      code: 'not-found',
      message: 'No API route GET /api/no-such-route.',
    });
    const wrongMethod = await browser.request('PATCH', apiPaths.setups, {});
    expect(wrongMethod.statusCode).toBe(404);
    parsed(wrongMethod);
  });
});
