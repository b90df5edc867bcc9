// Password guessing: every guess from a fresh browser session (a new cookie is free) used to reach
// Harbor. Failed logins now count per client address and per Harbor account as well.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_LOGIN_LIMITS, LoginThrottle } from '../../src/security/login-throttle.ts';
import { Browser, json, makeApp, testConfig } from '../helpers.ts';
import { TARGET_ADMIN, startSims, type Sims } from '../sims.ts';

/** A pass-through in front of the simulator that counts what reaches Harbor. */
async function countingHarbor(
  upstream: string,
): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    calls += 1;
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sims: Sims;
let harbor: Awaited<ReturnType<typeof countingHarbor>>;
let app: FastifyInstance;
let clock = Date.parse('2026-06-01T10:00:00Z');

beforeAll(async () => {
  sims = await startSims();
  harbor = await countingHarbor(sims.target.url);
  ({ app } = await makeApp(testConfig(), { now: () => new Date(clock) }));
});
afterAll(async () => {
  await app.close();
  await harbor.close();
  await sims.close();
});

/** One guess the way an attacker scripts it: a brand-new session and setup each time. */
async function guessFromFreshSession(username: string, password: string, address = '127.0.0.1') {
  const browser = await Browser.started(app);
  const setupId = json<{ id: string }>(await browser.post(apiPaths.setups, { mode: 'push' })).id;
  return app.inject({
    method: 'POST',
    url: apiPaths.connect(setupId, 'target'),
    remoteAddress: address,
    headers: { cookie: `hw_session=${browser.cookie}`, 'x-csrf-token': browser.csrf! },
    payload: { url: harbor.url, username, password },
  });
}

describe('password guessing: failed logins are limited per Harbor account and per client address', () => {
  it('60 wrong passwords from 60 fresh sessions: after the limit, 429 with Retry-After and Harbor is no longer asked', async () => {
    const limit = DEFAULT_LOGIN_LIMITS.perAccount.failures;
    const statuses: number[] = [];
    let callsAtLimit = 0;
    for (let guess = 0; guess < 60; guess += 1) {
      const res = await guessFromFreshSession('admin', `guess-${guess}`, `10.0.${guess}.1`);
      statuses.push(res.statusCode);
      if (guess === limit - 1) callsAtLimit = harbor.calls();
      if (guess >= limit) {
        expect(res.statusCode).toBe(429);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
        const body = apiErrorSchema.parse(res.json());
        expect(body.code).toBe('too-many-logins');
        expect(body.message).toMatch(/Too many failed logins .* Try again in 15 minutes\./);
      }
    }
    expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(401));
    expect(callsAtLimit).toBeGreaterThan(0);
    expect(harbor.calls()).toBe(callsAtLimit);

    // Even the right password waits: the lockout does not reveal it. After the window it works.
    expect((await guessFromFreshSession('admin', TARGET_ADMIN.password, '10.9.9.9')).statusCode).toBe(429);
    clock += DEFAULT_LOGIN_LIMITS.perAccount.windowMs + 1000;
    expect((await guessFromFreshSession('admin', TARGET_ADMIN.password, '10.9.9.9')).statusCode).toBe(200);
  });

  it('one address guessing many accounts is stopped after its own limit; other addresses still log in', async () => {
    clock += 60 * 60_000;
    const limit = DEFAULT_LOGIN_LIMITS.perAddress.failures;
    for (let guess = 0; guess < limit; guess += 1) {
      expect((await guessFromFreshSession(`user-${guess}`, 'wrong', '10.1.1.1')).statusCode).toBe(401);
    }
    const before = harbor.calls();
    const refused = await guessFromFreshSession('someone-else', 'wrong', '10.1.1.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(harbor.calls()).toBe(before);
    expect((await guessFromFreshSession('admin', TARGET_ADMIN.password, '10.2.2.2')).statusCode).toBe(200);
  });
});

describe('password guessing: the sliding window', () => {
  it('frees one more guess each time the oldest failure leaves the window, and none before', () => {
    let now = 0;
    const throttle = new LoginThrottle(
      { perAddress: { failures: 100, windowMs: 60_000 }, perAccount: { failures: 3, windowMs: 60_000 } },
      () => now,
    );
    const attempt = { address: '10.0.0.1', harborUrl: 'https://harbor.example.com', username: 'admin' };
    for (const at of [0, 10_000, 20_000]) {
      now = at;
      expect(throttle.retryAfterSeconds(attempt)).toBe(0);
      throttle.recordFailure(attempt);
    }
    now = 30_000;
    expect(throttle.retryAfterSeconds(attempt)).toBe(30);
    // The same account spelled with another case is the same account.
    expect(throttle.retryAfterSeconds({ ...attempt, username: 'ADMIN' })).toBe(30);
    expect(throttle.retryAfterSeconds({ ...attempt, username: 'other' })).toBe(0);
    now = 60_001;
    expect(throttle.retryAfterSeconds(attempt)).toBe(0);
    throttle.recordFailure(attempt);
    expect(throttle.retryAfterSeconds(attempt)).toBe(10);
  });
});
