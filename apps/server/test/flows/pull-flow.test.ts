// Pull mode swaps the roles: robot on the source, endpoint and rule on the target.
import {
  apiPaths,
  connectionTestResultSchema,
  endpointDefaultsSchema,
  executionSchema,
  reviewSchema,
  robotCreatedResponseSchema,
  setupStateSchema,
  verificationSchema,
} from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { json } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';
import { ok } from './push-flow.ts';

const { sims, app } = await startAppWithSims();

describe('pull setup', () => {
  it('creates the robot on the source with the pull preset, the endpoint and rule on the target, and replicates', async () => {
    const { browser, id } = await connectedBrowser(app, sims, 'pull');
    const samples = ok<{ items: string[] }>(await browser.get(apiPaths.sampleRepositories(id)), 'samples');
    const sourceProject = samples.items[0]!.split('/')[0]!;

    let state = setupStateSchema.parse(
      ok(await browser.put(apiPaths.project(id), { name: 'pulled', create: true, sourceProject }), 'project'),
    );
    expect(state.project).toMatchObject({ name: 'pulled', sourceProject });

    const robot = robotCreatedResponseSchema.parse(
      ok(await browser.post(apiPaths.robot(id), { name: 'puller', duration: 7 }), 'robot'),
    );
    expect(robot.robot).toMatchObject({
      side: 'source',
      project: sourceProject,
      name: `robot$${sourceProject}+puller`,
    });
    expect(robot.robot.access).toEqual([
      { resource: 'repository', action: 'list' },
      { resource: 'repository', action: 'pull' },
      { resource: 'artifact', action: 'list' },
      { resource: 'artifact', action: 'read' },
    ]);
    ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');

    const defaults = endpointDefaultsSchema.parse(
      ok(await browser.get(apiPaths.endpointDefaults(id)), 'defaults'),
    );
    expect(defaults.url).toBe(sims.source.url);
    state = setupStateSchema.parse(
      ok(await browser.put(apiPaths.endpoint(id), { name: 'pull-source', url: defaults.url }), 'endpoint'),
    );
    expect(state.endpoint?.side).toBe('target');
    expect(sims.target.control.state().registries.map((r) => r.name)).toContain('pull-source');

    const test = connectionTestResultSchema.parse(
      ok(await browser.post(apiPaths.connectionTest(id)), 'test'),
    );
    expect(test.checks.find((c) => c.id === 'permissions')?.status).toBe('pass');

    const rule = {
      name: 'pull-rule',
      filters: {
        name: `${sourceProject}/**`,
        tag: { decoration: 'matches', pattern: '' },
        labels: { decoration: 'matches', names: [] },
        resource: '',
      },
      destination: { namespace: '', replaceCount: 1 },
      trigger: { type: 'manual', cron: '' },
      bandwidth: { unlimited: false, value: 2, unit: 'Mbps' },
    };
    const event = await browser.put(apiPaths.ruleDraft(id), {
      ...rule,
      trigger: { type: 'event_based', cron: '' },
    });
    expect(event.statusCode).toBe(400);
    ok(await browser.put(apiPaths.ruleDraft(id), rule), 'draft');
    const review = reviewSchema.parse(ok(await browser.get(apiPaths.review(id)), 'review'));
    const policy = review.requests.find((r) => r.path.endsWith('/replication/policies'));
    expect(policy?.side).toBe('target');
    expect(policy?.body).toEqual({
      name: 'pull-rule',
      description: '',
      src_registry: { id: state.endpoint!.id },
      dest_registry: { id: 0 },
      dest_namespace: 'pulled',
      dest_namespace_replace_count: 1,
      filters: [{ type: 'name', value: `${sourceProject}/**` }],
      trigger: { type: 'manual', trigger_settings: { cron: '' } },
      deletion: false,
      override: true,
      enabled: true,
      speed: 2048,
      copy_by_chunk: false,
      single_active_replication: false,
    });

    state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));
    expect(state.policy?.side).toBe('target');
    const started = executionSchema.parse(ok(await browser.post(apiPaths.executions(id)), 'start'));
    let execution = started;
    for (let i = 0; i < 300 && !execution.final; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      execution = executionSchema.parse(json(await browser.get(apiPaths.execution(id, started.id))));
    }
    expect(execution.status).toBe('Succeed');
    const verification = verificationSchema.parse(ok(await browser.get(apiPaths.verification(id)), 'verify'));
    expect(verification.ok).toBe(true);
    expect(verification.repositories.every((r) => r.repository.startsWith('pulled/'))).toBe(true);
  });
});
