// The SPA as the browser sees it: hashed assets, deep links, and a dist rebuilt while the server runs.
import fs from 'node:fs';
import path from 'node:path';

import { apiErrorSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { WEB_NOT_BUILT } from '../../src/plugins/web-app.ts';
import { makeApp, tempDir, testConfig } from '../helpers.ts';

function build(root: string, version: string): void {
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'assets', `index-${version}.js`), `console.log('${version}')`);
  fs.writeFileSync(
    path.join(root, 'index.html'),
    `<!doctype html><script type="module" src="/assets/index-${version}.js"></script><div id="root"></div>`,
  );
}

describe('web app serving', () => {
  it('answers a missing asset with a 404, never with index.html', async () => {
    const root = tempDir();
    build(root, 'v1');
    const { app } = await makeApp(testConfig({ staticRoot: root }));
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).not.toContain('text/html');
    expect(apiErrorSchema.parse(missing.json()).code).toBe('not-found');
    const js = await app.inject({ method: 'GET', url: '/assets/index-v1.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    await app.close();
  });

  it('serves deep links from index.html (revalidated on every load)', async () => {
    const root = tempDir();
    build(root, 'v1');
    const { app } = await makeApp(testConfig({ staticRoot: root }));
    for (const url of ['/', '/setup/abc/rule', '/setup/abc/rule?tab=filters']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toContain('text/html');
      expect(page.body, url).toContain('index-v1.js');
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await app.inject({ method: 'HEAD', url: '/setup/abc/rule' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/setup/abc/rule' })).statusCode).toBe(404);
    await app.close();
  });

  it('serves a dist rebuilt while the server runs, and one built after it started', async () => {
    const root = path.join(tempDir(), 'dist');
    const { app } = await makeApp(testConfig({ staticRoot: root }));
    expect((await app.inject({ method: 'GET', url: '/setup/abc/rule' })).body).toBe(WEB_NOT_BUILT);

    build(root, 'v1');
    expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('index-v1.js');
    fs.rmSync(root, { recursive: true });
    build(root, 'v2');
    const page = await app.inject({ method: 'GET', url: '/setup/abc/rule' });
    expect(page.body).toContain('index-v2.js');
    expect((await app.inject({ method: 'GET', url: '/assets/index-v2.js' })).body).toBe("console.log('v2')");
    expect((await app.inject({ method: 'GET', url: '/assets/index-v1.js' })).statusCode).toBe(404);
    await app.close();
  });
});

describe('static files stay inside the web root', () => {
  it('never serves dotfiles, files outside the root or through encoded traversal', async () => {
    const parent = tempDir();
    const root = path.join(parent, 'dist');
    build(root, 'v1');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'outside');
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
    const { app } = await makeApp(testConfig({ staticRoot: root }));
    for (const url of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/.env',
      '/%2eenv',
      '/assets/%00.js',
      '/..%5csecret.txt',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('outside');
      expect(res.body, url).not.toContain('SECRET');
    }
    const dir = await app.inject({ method: 'GET', url: '/assets/' });
    expect(dir.statusCode).toBe(404);
    fs.writeFileSync(path.join(root, 'assets', '.secret.js'), 'SECRET');
    const hidden = await app.inject({ method: 'GET', url: '/assets/.secret.js' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('SECRET');
    await app.close();
  });
});
