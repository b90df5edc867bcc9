// Pull mode: the target reads the source with the robot, which sees only its own source project.
// The preview and the samples show only that project; the label choices are the source's labels.
import { apiPaths, labelOptionSchema, previewResultSchema, sampleRepositoriesSchema } from '@hw/wizard-api';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { json } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';
import { ok } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

const ROBOT_PROJECT = 'src';
let browser: Browser;
let id: string;
beforeAll(async () => {
  ({ browser, id } = await connectedBrowser(app, sims, 'pull'));
  ok(
    await browser.put(apiPaths.project(id), { name: 'pulled', create: true, sourceProject: ROBOT_PROJECT }),
    'project',
  );
  ok(await browser.post(apiPaths.robot(id), { name: 'puller', duration: -1 }), 'robot');
});

const filters = (name: string) => ({
  name,
  tag: { decoration: 'matches', pattern: '' },
  labels: { decoration: 'matches', names: [] },
  resource: '',
});

async function preview(name: string) {
  return previewResultSchema.parse(
    json(
      await browser.post(apiPaths.preview(id), {
        filters: filters(name),
        destination: { namespace: '', replaceCount: 1 },
        pageSize: 100,
      }),
    ),
  );
}

describe('pull mode sees only the robot project', () => {
  it('previews only the repositories of the robot project, and says the others are out of reach', async () => {
    const { projects, repositories } = sims.source.control.state();
    const inProject = projects.find((p) => p.name === ROBOT_PROJECT)!.repositories;
    expect(repositories).toBeGreaterThan(inProject);

    const result = await preview('');
    expect(result.totals.scannedRepositories).toBe(inProject);
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) expect(item.source.startsWith(`${ROBOT_PROJECT}/`)).toBe(true);
    expect(result.warnings.join(' ')).toContain(`Only project "${ROBOT_PROJECT}"`);
  });

  it('matches nothing in another project, even one the source admin can read', async () => {
    const result = await preview('library/**');
    expect(result.totals.matchedRepositories).toBe(0);
    expect(result.warnings.join(' ')).toMatch(/Nothing matches/);
    expect(result.warnings.join(' ')).toMatch(/never replicated/);
  });

  it('offers sample repositories from the robot project only', async () => {
    const samples = sampleRepositoriesSchema.parse(json(await browser.get(apiPaths.sampleRepositories(id))));
    expect(samples.items.length).toBeGreaterThan(0);
    for (const name of samples.items) expect(name.startsWith(`${ROBOT_PROJECT}/`)).toBe(true);
  });

  it("offers the source's global labels (the ones source artifacts carry), not the target's", async () => {
    const global = (sim: typeof sims.source) =>
      sim.control
        .state()
        .labels.filter((l) => l.scope === 'g')
        .map((l) => l.name)
        .sort();
    expect(global(sims.source).length).toBeGreaterThan(0);
    // The target (the rule's Harbor in pull mode) cannot list labels right now: only the source is read.
    sims.target.control.injectFault({ method: 'GET', path: '/api/v2.0/labels', status: 500, times: 5 });
    const labels = json<{ items: unknown[] }>(await browser.get(apiPaths.labels(id))).items.map((l) =>
      labelOptionSchema.parse(l),
    );
    expect(labels.map((l) => l.name).sort()).toEqual(global(sims.source));
    sims.target.control.injectFault({ reset: true });
  });
});
