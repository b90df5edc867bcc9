// The "Done when": with DEMO on, the whole push setup driven through the HTTP API alone.
import {
  apiPaths,
  cleanupResultSchema,
  connectionTestResultSchema,
  endpointDefaultsSchema,
  executionSchema,
  previewResultSchema,
  reviewSchema,
  robotCreatedResponseSchema,
  sampleRepositoriesSchema,
  setupStateSchema,
  verificationSchema,
} from '@hw/wizard-api';
import type { Execution } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { Browser, json, makeApp, testConfig } from '../helpers.ts';

const { app, logs } = await makeApp(testConfig({ demo: true }));
afterAll(() => app.close());

async function waitForFinal(browser: Browser, id: string, executionId: number): Promise<Execution> {
  for (let i = 0; i < 300; i += 1) {
    const execution = executionSchema.parse(json(await browser.get(apiPaths.execution(id, executionId))));
    if (execution.final) return execution;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the execution did not finish');
}

describe('push setup in demo mode, through the HTTP API alone', () => {
  it('connects both demo Harbors, creates project, robot, endpoint and rule, replicates and verifies', async () => {
    const browser = await Browser.started(app);
    const session = json<{ demo: { available: boolean } }>(await browser.get(apiPaths.session));
    expect(session.demo.available).toBe(true);

    const id = setupStateSchema.parse(json(await browser.post(apiPaths.setups, { mode: 'push' }))).id;
    let state = setupStateSchema.parse(
      json(await browser.post(apiPaths.connect(id, 'target'), { demo: true })),
    );
    expect(state.target).toMatchObject({ demo: true, isSysAdmin: true });

    state = setupStateSchema.parse(
      json(await browser.put(apiPaths.project(id), { name: 'replicated', create: true })),
    );
    expect(state.step).toBe('robot');

    const robot = robotCreatedResponseSchema.parse(
      json(await browser.post(apiPaths.robot(id), { name: 'from-demo-source', duration: -1 })),
    );
    expect(robot.robot.name).toBe('robot$replicated+from-demo-source');
    const exported = await browser.get(apiPaths.robotExport(id));
    expect(exported.statusCode).toBe(200);
    expect(JSON.parse(exported.body)).toMatchObject({ name: robot.robot.name, secret: robot.secret });
    state = setupStateSchema.parse(json(await browser.post(apiPaths.robotHandOff(id), { stored: true })));
    expect(state.step).toBe('connect-source');

    state = setupStateSchema.parse(json(await browser.post(apiPaths.connect(id, 'source'), { demo: true })));
    expect(state.step).toBe('endpoint');

    const defaults = endpointDefaultsSchema.parse(json(await browser.get(apiPaths.endpointDefaults(id))));
    state = setupStateSchema.parse(
      json(await browser.put(apiPaths.endpoint(id), { name: defaults.name, url: defaults.url })),
    );
    expect(state.endpoint).toMatchObject({ accessKey: robot.robot.name, side: 'source' });

    const test = connectionTestResultSchema.parse(json(await browser.post(apiPaths.connectionTest(id))));
    expect(test.ok).toBe(true);

    const samples = sampleRepositoriesSchema.parse(json(await browser.get(apiPaths.sampleRepositories(id))));
    expect(samples.items.length).toBeGreaterThan(0);
    const sourceProject = samples.items[0]!.split('/')[0]!;
    const filters = {
      name: `${sourceProject}/**`,
      tag: { decoration: 'matches', pattern: '' },
      labels: { decoration: 'matches', names: [] },
      resource: '',
    };
    const destination = { namespace: 'replicated', replaceCount: 1 };

    const preview = previewResultSchema.parse(
      json(await browser.post(apiPaths.preview(id), { filters, destination, pageSize: 100 })),
    );
    expect(preview.totals.matchedRepositories).toBeGreaterThan(0);
    expect(preview.harborCalls).toBeGreaterThan(0);
    for (const item of preview.items) expect(item.destination?.startsWith('replicated/')).toBe(true);

    state = setupStateSchema.parse(
      json(
        await browser.put(apiPaths.ruleDraft(id), {
          name: 'demo-push',
          filters,
          destination,
          trigger: { type: 'manual', cron: '' },
          bandwidth: { unlimited: true, unit: 'Mbps' },
        }),
      ),
    );
    expect(state.step).toBe('review');
    const review = reviewSchema.parse(json(await browser.get(apiPaths.review(id))));
    const policyRequest = review.requests.find((r) => r.path.endsWith('/replication/policies'));
    expect(policyRequest?.body).toMatchObject({
      src_registry: { id: 0 },
      dest_registry: { id: state.endpoint!.id },
      enabled: true,
      override: true,
      speed: -1,
      dest_namespace_replace_count: 1,
    });
    expect(JSON.stringify(review)).not.toContain(robot.secret);

    state = setupStateSchema.parse(json(await browser.put(apiPaths.rule(id))));
    expect(state.policy?.name).toBe('demo-push');
    expect(state.step).toBe('run');

    const started = executionSchema.parse(json(await browser.post(apiPaths.executions(id))));
    const finished = await waitForFinal(browser, id, started.id);
    expect(finished.status).toBe('Succeed');
    expect(finished.total).toBeGreaterThan(0);

    const list = json<{ items: Execution[]; total: number }>(await browser.get(apiPaths.executions(id)));
    expect(list.items.map((e) => e.id)).toContain(started.id);
    const tasks = json<{ items: { id: number; status: string }[] }>(
      await browser.get(apiPaths.tasks(id, started.id)),
    );
    expect(tasks.items.length).toBe(finished.total);
    const log = await browser.get(apiPaths.taskLog(id, started.id, tasks.items[0]!.id));
    expect(log.statusCode).toBe(200);
    expect(log.headers['content-type']).toContain('text/plain');

    const verification = verificationSchema.parse(json(await browser.get(apiPaths.verification(id))));
    expect(verification.repositories.length).toBe(preview.totals.matchedRepositories - preview.totals.errors);
    expect(verification.ok).toBe(true);

    state = setupStateSchema.parse(json(await browser.post(apiPaths.complete(id))));
    expect(state).toMatchObject({ status: 'completed', step: 'done' });
    const bundle = await browser.get(apiPaths.exportBundle(id));
    expect(bundle.body).not.toContain(robot.secret);
    const terraform = await browser.get(apiPaths.exportTerraform(id));
    expect(terraform.body).toContain('resource "harbor_replication"');
    expect(terraform.body).not.toContain(robot.secret);

    expect(logs.text).not.toContain(robot.secret);

    // The demo Harbors' own credentials stay on the server, so a finished demo setup can be cleaned up at once.
    const cleanup = cleanupResultSchema.parse(
      json(await browser.post(apiPaths.cleanup(id), { keepProject: false })),
    );
    expect(cleanup.steps.map((s) => [s.kind, s.status])).toEqual([
      ['policy', 'deleted'],
      ['registry', 'deleted'],
      ['robot', 'deleted'],
      ['project', 'failed'],
    ]);
    expect(cleanup.steps[3]?.message).toMatch(/non-empty project/);
  });
});
