// Drives a push setup step by step through the HTTP API (used by several flow tests).
import type { RobotCreatedResponse, SetupState } from '@hw/wizard-api';
import {
  apiPaths,
  endpointDefaultsSchema,
  robotCreatedResponseSchema,
  setupStateSchema,
} from '@hw/wizard-api';
import type { LightMyRequestResponse } from 'fastify';

import type { Browser } from '../helpers.ts';

export function ok<T>(res: LightMyRequestResponse, what: string): T {
  if (res.statusCode >= 300) throw new Error(`${what}: HTTP ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

export const RULE = (project: string, sourceProject: string) => ({
  name: `rule-${project}`,
  filters: {
    name: `${sourceProject}/**`,
    tag: { decoration: 'matches', pattern: '' },
    labels: { decoration: 'matches', names: [] },
    resource: '',
  },
  destination: { namespace: project, replaceCount: 1 },
  trigger: { type: 'manual', cron: '' },
  bandwidth: { unlimited: true, unit: 'Mbps' },
});

export async function throughRobot(
  browser: Browser,
  id: string,
  project: string,
): Promise<RobotCreatedResponse> {
  ok(await browser.put(apiPaths.project(id), { name: project, create: true }), 'project');
  return robotCreatedResponseSchema.parse(
    ok(await browser.post(apiPaths.robot(id), { name: 'replicator', duration: -1 }), 'robot'),
  );
}

export async function throughRule(browser: Browser, id: string, project: string): Promise<SetupState> {
  ok(await browser.post(apiPaths.robotHandOff(id), { stored: true }), 'hand-off');
  const defaults = endpointDefaultsSchema.parse(
    ok(await browser.get(apiPaths.endpointDefaults(id)), 'defaults'),
  );
  ok(
    await browser.put(apiPaths.endpoint(id), {
      name: `${defaults.name}-${project}`.slice(0, 64),
      url: defaults.url,
    }),
    'endpoint',
  );
  ok(await browser.post(apiPaths.connectionTest(id)), 'connection test');
  const samples = ok<{ items: string[] }>(await browser.get(apiPaths.sampleRepositories(id)), 'samples');
  const sourceProject = samples.items[0]?.split('/')[0] ?? 'library';
  ok(await browser.put(apiPaths.ruleDraft(id), RULE(project, sourceProject)), 'rule draft');
  return setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));
}
