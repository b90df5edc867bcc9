// The proxy keeps its credentials in memory between requests: it must still follow every change of
// the setup and its secrets at once, and explain a Harbor that stops answering in the API's shape.
import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { beforeAll, describe, expect, it } from 'vitest';

import { PROXY_TICKET_TTL_MS, ProxyTicketCache } from '../../src/harbor/proxy-tickets.ts';
import { Browser, closedPort, json } from '../helpers.ts';
import { connectedSetup, TARGET_ADMIN, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let setupId: string;
beforeAll(async () => {
  browser = await Browser.started(app);
  setupId = await connectedSetup(browser, sims);
});

const projects = apiPaths.harborProxy('target', 'projects');

async function record() {
  const setup = await app.ctx.storage.getSetup(setupId);
  if (!setup) throw new Error('setup missing');
  return setup;
}

describe('proxy credentials kept between requests', () => {
  it('stops using a password as soon as it is forgotten, and uses the new one after a login', async () => {
    expect((await browser.get(projects)).statusCode).toBe(200);
    const setup = await record();
    await app.ctx.secrets.delete(setup.sessionId, setup.id, 'password:target');
    const forgotten = await browser.get(projects);
    expect(forgotten.statusCode).toBe(409);
    expect(apiErrorSchema.parse(forgotten.json()).code).toBe('reconnect-required');

    const again = await browser.post(apiPaths.connect(setupId, 'target'), {
      url: sims.target.url,
      ...TARGET_ADMIN,
    });
    expect(again.statusCode).toBe(200);
    expect((await browser.get(projects)).statusCode).toBe(200);
  });

  it('follows a changed connection at once, and a dead Harbor is a 502 in the API error shape', async () => {
    expect((await browser.get(projects)).statusCode).toBe(200);
    const setup = await record();
    const saved = setup.internal.connections.target!;
    setup.internal.connections.target = { ...saved, url: `http://127.0.0.1:${await closedPort()}` };
    await app.ctx.storage.saveSetup(setup);
    const dead = await browser.get(projects);
    expect(dead.statusCode).toBe(502);
    const body = apiErrorSchema.parse(dead.json());
    expect(body.code).toBe('harbor-network');
    expect(dead.body).not.toContain(TARGET_ADMIN.password);

    setup.internal.connections.target = saved;
    await app.ctx.storage.saveSetup(setup);
    expect((await browser.get(projects)).statusCode).toBe(200);
  });

  it('forgets every proxy credential of a session that says "forget me"', async () => {
    expect((await browser.get(projects)).statusCode).toBe(200);
    expect(app.ctx.proxyTickets.size).toBeGreaterThan(0);
    expect((await browser.delete(apiPaths.session)).statusCode).toBe(204);
    expect(app.ctx.proxyTickets.size).toBe(0);
    expect((await browser.get(projects)).statusCode).toBe(404);
  });
});

describe('ProxyTicketCache', () => {
  const key = { sessionId: 's1', setupId: 'u1', side: 'target' } as const;
  const ticket = { upstream: 'https://h.example.com', authorization: 'Basic eA==', dispatcher: 'd1' };

  it('expires after its lifetime, or earlier when the password does', () => {
    let now = 1_000;
    const cache = new ProxyTicketCache(PROXY_TICKET_TTL_MS, () => now);
    cache.set(cache.generation, key, ticket, Number.POSITIVE_INFINITY);
    expect(cache.get('s1', 'u1', 'target')).toEqual(ticket);
    expect(cache.get('s2', 'u1', 'target')).toBeNull();
    expect(cache.get('s1', 'u1', 'source')).toBeNull();
    now += PROXY_TICKET_TTL_MS;
    expect(cache.get('s1', 'u1', 'target')).toBeNull();

    cache.set(cache.generation, key, ticket, now + 10);
    now += 10;
    expect(cache.get('s1', 'u1', 'target')).toBeNull();
  });

  it('refuses a ticket built from data read before a change', () => {
    const cache = new ProxyTicketCache();
    const before = cache.generation;
    cache.forgetSetup('another-setup');
    cache.set(before, key, ticket, Number.POSITIVE_INFINITY);
    expect(cache.get('s1', 'u1', 'target')).toBeNull();
    cache.set(cache.generation, key, ticket, Number.POSITIVE_INFINITY);
    expect(cache.get('s1', 'u1', 'target')).toEqual(ticket);
    cache.forgetSession('s1');
    expect(cache.get('s1', 'u1', 'target')).toBeNull();
  });
});

it('keeps the proxy answer byte for byte (headers Harbor sends for paging included)', async () => {
  const fresh = await Browser.started(app);
  await connectedSetup(fresh, sims);
  const res = await fresh.get(`${projects}?page=1&page_size=2`);
  const direct = await fetch(`${sims.target.url}/api/v2.0/projects?page=1&page_size=2`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}`,
    },
  });
  expect(res.body).toBe(await direct.text());
  expect(res.headers['x-total-count']).toBe(direct.headers.get('x-total-count'));
  expect(res.headers.link).toBe(direct.headers.get('link') ?? undefined);
  expect(json<unknown[]>(res)).toHaveLength(2);
});
