// An event-based rule with deletion: a push on the source replicates without "Replicate now".
import { apiPaths, executionSchema, robotCreatedResponseSchema } from '@hw/wizard-api';
import type { Execution } from '@hw/wizard-api';
import { describe, expect, it } from 'vitest';

import { json } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';
import { RULE, ok } from './push-flow.ts';

const { sims, app } = await startAppWithSims();

describe('event-based push rule', () => {
  it('replicates a pushed artifact on its own', async () => {
    const { browser, id } = await connectedBrowser(app, sims);
    ok(await browser.put(apiPaths.project(id), { name: 'events', create: true }), 'project');
    const robot = robotCreatedResponseSchema.parse(
      ok(await browser.post(apiPaths.robot(id), { name: 'events', duration: -1, deletion: true }), 'robot'),
    );
    expect(robot.robot.access).toContainEqual({ resource: 'repository', action: 'delete' });
    ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
    const defaults = ok<{ url: string }>(await browser.get(apiPaths.endpointDefaults(id)), 'defaults');
    ok(await browser.put(apiPaths.endpoint(id), { name: 'events-target', url: defaults.url }), 'endpoint');
    ok(await browser.post(apiPaths.connectionTest(id)), 'connection test');
    const sourceProject = sims.source.control.state().projects[0]!.name;
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        ...RULE('events', sourceProject),
        trigger: { type: 'event_based', cron: '' },
        deletion: true,
      }),
      'draft',
    );
    ok(await browser.put(apiPaths.rule(id)), 'rule');

    sims.source.control.pushArtifact({ repository: `${sourceProject}/fresh`, tag: 'v9' });
    let executions: Execution[] = [];
    for (let i = 0; i < 100 && !executions.some((e) => e.final); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      executions = json<{ items: unknown[] }>(
        await browser.get(`${apiPaths.executions(id)}?trigger=event_based`),
      ).items.map((e) => executionSchema.parse(e));
    }
    expect(executions[0]).toMatchObject({ trigger: 'event_based', status: 'Succeed' });
    await sims.target.control.idle();
    expect(
      sims.target.control.state().projects.find((p) => p.name === 'events')?.repositories,
    ).toBeGreaterThan(0);
  });
});
