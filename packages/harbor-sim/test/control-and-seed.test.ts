import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import { ADMIN, call, client, errorOf, startSim } from './support/harbor.ts';

let sim: HarborSim;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim.close();
});

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });

describe('seed data', () => {
  it('the source seed has several projects, 50+ repositories (some nested) and hundreds of artifacts', () => {
    const state = sim.control.state();
    expect(state.projects.length).toBeGreaterThanOrEqual(5);
    expect(state.repositories).toBeGreaterThanOrEqual(50);
    expect(state.artifacts).toBeGreaterThanOrEqual(200);
    expect(state.labels.filter((l) => l.scope === 'g').length).toBeGreaterThanOrEqual(3);
  });

  it('tags look real: semver, release candidates, latest, sha-… and untagged artifacts', async () => {
    const names: string[] = [];
    let untagged = 0;
    for (const project of ['src', 'team', 'platform']) {
      const repos = (await client(sim).get(`/api/v2.0/projects/${project}/repositories?page_size=100`))
        .json as { name: string }[];
      for (const repo of repos) {
        const short = encodeURIComponent(encodeURIComponent(repo.name.slice(project.length + 1)));
        const artifacts = (
          await client(sim).get(`/api/v2.0/projects/${project}/repositories/${short}/artifacts?page_size=100`)
        ).json as { tags?: { name: string }[] }[];
        for (const a of artifacts) {
          if (!a.tags) untagged++;
          names.push(...(a.tags ?? []).map((t) => t.name));
        }
      }
    }
    expect(names).toContain('latest');
    expect(names.some((n) => /^v\d+\.\d+\.\d+$/.test(n))).toBe(true);
    expect(names.some((n) => /-rc\.\d$/.test(n))).toBe(true);
    expect(names.some((n) => /^sha-[0-9a-f]{7}$/.test(n))).toBe(true);
    expect(untagged).toBeGreaterThan(0);
  });

  it('the same seed name gives the same data; the target seed is smaller', async () => {
    const again = await startSim({ name: 'again', seed: 'source' });
    const target = await startSim({ name: 'target', seed: 'target' });
    try {
      const digests = async (s: HarborSim) =>
        (
          (await client(s).get('/api/v2.0/projects/src/repositories/app/artifacts?page_size=100')).json as {
            digest: string;
          }[]
        ).map((a) => a.digest);
      expect(await digests(again)).toEqual(await digests(sim));
      expect(target.control.state().projects.length).toBeLessThan(sim.control.state().projects.length);
    } finally {
      await Promise.all([again.close(), target.close()]);
    }
  });

  it('scale adds a bench project of the requested size', async () => {
    const big = await startSim({
      name: 'big',
      seed: 'big',
      scale: { repositories: 120, tagsPerRepository: 5 },
    });
    try {
      const bench = big.control.state().projects.find((p) => p.name === 'bench');
      expect(bench?.repositories).toBe(120);
      const res = await client(big).get('/api/v2.0/projects/bench/repositories?page_size=1');
      expect(res.headers.get('x-total-count')).toBe('120');
    } finally {
      await big.close();
    }
  });

  it('a seeded non-admin user exists (developer) and is no sysadmin', async () => {
    const me = (
      await client(sim, { username: 'developer', password: 'Developer12345' }).get('/api/v2.0/users/current')
    ).json as { sysadmin_flag: boolean };
    expect(me.sysadmin_flag).toBe(false);
  });
});

describe('control API (/__sim)', () => {
  it('GET /__sim/state summarises the instance', async () => {
    const res = await control('GET', '/state');
    expect(res.status).toBe(200);
    const state = (await res.json()) as { name: string; version: string };
    expect(state).toMatchObject({ name: 'source', version: 'v2.15.2-080b0220' });
  });

  it('POST /__sim/artifacts pushes an artifact visible through the API and the registry', async () => {
    const res = await control('POST', '/artifacts', { repository: 'src/pushed', tag: 'v0.0.1' });
    expect(res.status).toBe(201);
    const { digest } = (await res.json()) as { digest: string };
    const got = (await client(sim).get('/api/v2.0/projects/src/repositories/pushed/artifacts/v0.0.1'))
      .json as { digest: string };
    expect(got.digest).toBe(digest);
    const head = await fetch(`${sim.url}/v2/src/pushed/manifests/v0.0.1`, {
      method: 'HEAD',
      headers: { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` },
    });
    expect(head.headers.get('docker-content-digest')).toBe(digest);
  });

  it('DELETE /__sim/tags and /__sim/artifacts remove what they name', async () => {
    await control('POST', '/artifacts', { repository: 'src/doomed', tag: 'x1' });
    expect((await control('DELETE', '/tags', { repository: 'src/doomed', tag: 'x1' })).status).toBe(200);
    const artifacts = (await client(sim).get('/api/v2.0/projects/src/repositories/doomed/artifacts'))
      .json as { tags?: unknown }[];
    expect(artifacts[0]?.tags).toBeUndefined();
    expect(
      (await control('DELETE', '/artifacts', { repository: 'src/doomed', reference: 'nope' })).status,
    ).toBe(404);
  });

  it('POST /__sim/faults injects a status for the next N matching requests, then clears', async () => {
    expect(
      (
        await control('POST', '/faults', {
          method: 'GET',
          path: '/api/v2.0/systeminfo',
          status: 500,
          times: 2,
        })
      ).status,
    ).toBe(200);
    const a = await call(sim.url, 'GET', '/api/v2.0/systeminfo', ADMIN);
    expect(a.status).toBe(500);
    expect(errorOf(a)).toEqual({ code: 'UNKNOWN', message: 'internal server error' });
    expect((await call(sim.url, 'GET', '/api/v2.0/systeminfo', ADMIN)).status).toBe(500);
    expect((await call(sim.url, 'GET', '/api/v2.0/systeminfo', ADMIN)).status).toBe(200);
    await control('POST', '/faults', { path: '^/api/v2\\.0/projects', status: 429, times: 5 });
    await control('POST', '/faults', { reset: true });
    expect((await call(sim.url, 'GET', '/api/v2.0/projects', ADMIN)).status).toBe(200);
  });

  it('POST /__sim/clock/advance moves the simulated clock', async () => {
    const before = new Date(sim.control.state().now).getTime();
    const res = await control('POST', '/clock/advance', { seconds: 3600 });
    const { now } = (await res.json()) as { now: string };
    expect(new Date(now).getTime() - before).toBeGreaterThanOrEqual(3600_000);
  });

  it("answers carry the simulated host's clock in Date, as Go's net/http stamps them", async () => {
    await control('POST', '/clock/advance', { seconds: 4 * 86_400 });
    const res = await call(sim.url, 'GET', '/api/v2.0/systeminfo', ADMIN);
    const harborNow = Date.parse((res.json as { current_time: string }).current_time);
    const date = Date.parse(res.headers.get('date') ?? '');
    // HTTP dates have whole seconds; the clock moved days ahead of this machine's.
    expect(Math.abs(date - harborNow)).toBeLessThan(2_000);
    expect(date - Date.now()).toBeGreaterThan(4 * 86_400_000 - 60_000);
    expect(res.headers.get('date')).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
  });

  it('POST /__sim/robots/expiry sets a robot expiry by name', async () => {
    const created = (
      await client(sim).post('/api/v2.0/robots', {
        name: 'ctl',
        level: 'project',
        duration: -1,
        permissions: [
          { kind: 'project', namespace: 'src', access: [{ resource: 'repository', action: 'pull' }] },
        ],
      })
    ).json as { id: number; name: string };
    expect((await control('POST', '/robots/expiry', { name: created.name, expires_at: 1234 })).status).toBe(
      200,
    );
    expect(
      ((await client(sim).get(`/api/v2.0/robots/${created.id}`)).json as { expires_at: number }).expires_at,
    ).toBe(1234);
  });

  it('the control API is off unless enabled', async () => {
    const quiet = await startSim({ name: 'quiet', seed: 'quiet', control: false });
    try {
      expect((await fetch(`${quiet.url}/__sim/state`)).status).toBe(404);
      expect(quiet.control.state().name).toBe('quiet');
    } finally {
      await quiet.close();
    }
  });
});

describe('§13.23 CSRF with a session cookie', () => {
  it('§13.23 CSRF: a request with a sid cookie needs X-Harbor-CSRF-Token on unsafe methods', async () => {
    const res = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      body: { project_name: 'with-cookie' },
      headers: { cookie: 'sid=abc' },
    });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'CSRF token not found in request' });
    const token = res.headers.get('x-harbor-csrf-token') ?? '';
    expect(token).not.toBe('');
    const wrong = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      body: { project_name: 'with-cookie' },
      headers: { cookie: 'sid=abc', 'x-harbor-csrf-token': 'forged' },
    });
    expect(errorOf(wrong).message).toBe('CSRF token invalid');
    const ok = await call(sim.url, 'POST', '/api/v2.0/projects', ADMIN, {
      body: { project_name: 'with-cookie' },
      headers: { cookie: 'sid=abc', 'x-harbor-csrf-token': token },
    });
    expect(ok.status).toBe(201);
  });
});
