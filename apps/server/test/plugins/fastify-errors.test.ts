// Errors Fastify raises itself (before any route runs) reach the browser in the same shape as the
// wizard's own: apiErrorSchema, a readable message, no framework codes.
import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Browser, makeApp, testConfig } from '../helpers.ts';

const { app } = await makeApp(testConfig());
afterAll(() => app.close());

let browser: Browser;
beforeAll(async () => {
  browser = await Browser.started(app);
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

/** Writes raw bytes to the listening server and returns everything it answers before closing. */
async function rawExchange(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  const net = await import('node:net');
  const answer = await new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server closes right after answering; a reset then loses nothing already received.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body };
}

describe('malformed HTTP over a real socket', () => {
  let port: number;
  beforeAll(async () => {
    const { app: listening } = await makeApp(testConfig());
    afterAll(() => listening.close());
    await listening.listen({ port: 0, host: '127.0.0.1' });
    const address = listening.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  it('a request the HTTP parser refuses gets 400 in the API error shape', async () => {
    const res = await rawExchange(
      port,
      'GET /api/health HTTP/1.1\r\nHost: wizard\r\nNot a header line\r\n\r\n',
    );
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/json');
    expect(parsed({ statusCode: res.status, body: res.body })).toEqual({
      code: 'bad-request',
      message: 'The request is not valid HTTP.',
    });
  });

  it('oversized headers get 431 in the API error shape, saying what to do', async () => {
    const res = await rawExchange(
      port,
      `GET /api/health HTTP/1.1\r\nHost: wizard\r\nCookie: hw=${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    const body = parsed({ statusCode: res.status, body: res.body });
    expect(body.code).toBe('headers-too-large');
    expect(body.hint).toMatch(/cookies/);
  });
});
