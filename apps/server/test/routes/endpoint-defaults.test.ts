// A second setup against the same Harbors must not be offered an endpoint name that already exists.
import { apiPaths, endpointDefaultsSchema, setupStateSchema } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { freeEndpointName } from '../../src/wizard/endpoint.ts';
import { Browser, json } from '../helpers.ts';
import { connectedSetup, startAppWithSims } from '../sims.ts';
import { ok, throughRobot } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

async function setupUpToEndpoint(browser: Browser, project: string) {
  const id = await connectedSetup(browser, sims);
  await throughRobot(browser, id, project);
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
  const defaults = endpointDefaultsSchema.parse(
    ok(await browser.get(apiPaths.endpointDefaults(id)), 'defaults'),
  );
  return { id, defaults };
}

describe('endpoint defaults', () => {
  it('proposes a name no registry on that Harbor uses, so accepting the defaults twice works', async () => {
    const browser = await Browser.started(app);
    const host = new URL(sims.target.url).host;

    const first = await setupUpToEndpoint(browser, 'defaults-one');
    expect(first.defaults.name).toBe(host);
    ok(
      await browser.put(apiPaths.endpoint(first.id), { name: first.defaults.name, url: first.defaults.url }),
      'first',
    );

    const second = await setupUpToEndpoint(browser, 'defaults-two');
    const taken = sims.source.control.state().registries.map((r) => r.name);
    expect(taken).toContain(host);
    expect(taken).not.toContain(second.defaults.name);
    expect(second.defaults.name).toBe(`${host}-defaults-two`);
    const saved = setupStateSchema.parse(
      json(
        await browser.put(apiPaths.endpoint(second.id), {
          name: second.defaults.name,
          url: second.defaults.url,
        }),
      ),
    );
    expect(saved.endpoint?.name).toBe(second.defaults.name);
  });

  it('numbers the name when host and host-project are taken, within 64 characters', () => {
    const url = `http://${'h'.repeat(60)}.example:8080`;
    const base = new URL(url).host.slice(0, 64);
    const taken = new Set([base, `${base.slice(0, 64 - 4)}-dst`]);
    const name = freeEndpointName(url, 'dst', taken);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name.endsWith('-2')).toBe(true);
    expect(taken.has(name)).toBe(false);
    expect(freeEndpointName('http://harbor-b.example', null, new Set(['harbor-b.example']))).toBe(
      'harbor-b.example-2',
    );
  });
});
