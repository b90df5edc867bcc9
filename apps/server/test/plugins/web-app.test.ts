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
