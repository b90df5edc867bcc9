import { apiErrorSchema, apiPaths } from '@hw/wizard-api';
import { beforeAll, describe, expect, it } from 'vitest';

import { isProxyPathAllowed } from '../../src/harbor/proxy-policy.ts';
import { Browser, json } from '../helpers.ts';
import { SOURCE_ADMIN, TARGET_ADMIN, connectedSetup, startAppWithSims } from '../sims.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
beforeAll(async () => {
  browser = await Browser.started(app);
  await connectedSetup(browser, sims);
});

describe('/api/harbor/:side proxy', () => {
  it('reads allowlisted paths from the right Harbor with the admin credentials injected', async () => {
    const target = await browser.get(`${apiPaths.harborProxy('target', 'projects')}?page_size=5`);
    expect(target.statusCode).toBe(200);
    const targetNames = json<{ name: string }[]>(target).map((p) => p.name);
    const direct = await fetch(`${sims.target.url}/api/v2.0/projects?page_size=5`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64')}`,
      },
    });
    expect(targetNames).toEqual(((await direct.json()) as { name: string }[]).map((p) => p.name));
    expect(target.headers['x-total-count']).toBeDefined();

    const source = await browser.get(apiPaths.harborProxy('source', 'systeminfo'));
    expect(source.statusCode).toBe(200);
    // Only an authenticated call gets the version: proof the credentials were injected.
    expect(json<{ harbor_version?: string }>(source).harbor_version).toBeTruthy();
  });

  it('passes double-encoded nested repository names through unchanged', async () => {
    const setupId = json<{ currentSetupId: string }>(await browser.get(apiPaths.session)).currentSetupId;
    const samples = json<{ items: string[] }>(await browser.get(apiPaths.sampleRepositories(setupId))).items;
    const nested = samples.find((s) => s.split('/').length > 2)!;
    const [project, ...rest] = nested.split('/');
    const repository = encodeURIComponent(encodeURIComponent(rest.join('/')));
    const res = await browser.get(
      apiPaths.harborProxy(
        'source',
        `projects/${project}/repositories/${repository}/artifacts?with_tag=true`,
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(json<unknown[]>(res).length).toBeGreaterThan(0);
  });

  it('never exposes credentials or Harbor cookies to the browser', async () => {
    const res = await browser.request('GET', apiPaths.harborProxy('target', 'projects'), undefined, {
      authorization: 'Basic bWFsbG9yeTpwdw==',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const everything = JSON.stringify(res.headers) + res.body;
    expect(everything).not.toContain(TARGET_ADMIN.password);
    expect(everything).not.toContain(
      Buffer.from(`${TARGET_ADMIN.username}:${TARGET_ADMIN.password}`).toString('base64'),
    );
    expect(everything).not.toContain(SOURCE_ADMIN.password);
  });

  it('refuses paths outside the allowlist, other methods, traversal and unknown sides', async () => {
    for (const path of [
      'users',
      'robots',
      'configurations',
      'projects/1/members',
      'projects/../users',
      'projects/%2e%2e/users',
      '/evil.example.com/projects',
      'http://evil.example.com/api/v2.0/projects',
      '%2F%2Fevil.example.com/projects',
    ]) {
      const res = await browser.get(apiPaths.harborProxy('target', path));
      expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, path).toBeLessThan(500);
    }
    expect((await browser.get(apiPaths.harborProxy('target', 'users'))).statusCode).toBe(403);
    const post = await browser.post(apiPaths.harborProxy('target', 'projects'), { project_name: 'evil' });
    expect(post.statusCode).toBe(404);
    const del = await browser.delete(apiPaths.harborProxy('target', 'projects/1'));
    expect(del.statusCode).toBe(404);
    expect(sims.target.control.state().projects.some((p) => p.name === 'evil')).toBe(false);
    const other = await browser.get('/api/harbor/elsewhere/projects');
    expect(other.statusCode).toBe(404);
  });

  it('needs a session with a connected setup', async () => {
    const anonymous = await app.inject({ method: 'GET', url: apiPaths.harborProxy('target', 'projects') });
    expect(anonymous.statusCode).toBe(401);
    const fresh = await Browser.started(app);
    const res = await fresh.get(apiPaths.harborProxy('target', 'projects'));
    expect(res.statusCode).toBe(404);
    expect(apiErrorSchema.parse(res.json()).code).toBe('setup-not-found');
  });

  it('allowlist: read-only paths only', () => {
    expect(isProxyPathAllowed('/projects/src/repositories/team%252Fapp/artifacts')).toBe(true);
    expect(isProxyPathAllowed('/replication/executions/3/tasks/4/log')).toBe(true);
    expect(isProxyPathAllowed('/robots')).toBe(false);
    expect(isProxyPathAllowed('/projects/src/robots')).toBe(false);
    expect(isProxyPathAllowed('/projects/%2e%2e')).toBe(false);
  });
});
