// The route contract (briefs: routes.md) is served exactly: every method + path answers, none is a 404.
import { apiPaths } from '@hw/wizard-api';
import { afterAll, describe, expect, it } from 'vitest';

import { makeApp, testConfig } from '../helpers.ts';

const { app } = await makeApp(testConfig());
afterAll(() => app.close());

const id = 'some-setup';
const TABLE: [string, string][] = [
  ['GET', apiPaths.health],
  ['GET', apiPaths.session],
  ['DELETE', apiPaths.session],
  ['POST', apiPaths.setups],
  ['GET', apiPaths.setup(id)],
  ['PUT', apiPaths.step(id)],
  ['POST', apiPaths.connect(id, 'source')],
  ['POST', apiPaths.connect(id, 'target')],
  ['GET', apiPaths.projects(id)],
  ['GET', apiPaths.projectCheck(id)],
  ['PUT', apiPaths.project(id)],
  ['GET', apiPaths.robotCheck(id)],
  ['POST', apiPaths.robot(id)],
  ['GET', apiPaths.robotExport(id)],
  ['POST', apiPaths.robotHandOff(id)],
  ['GET', apiPaths.endpointDefaults(id)],
  ['PUT', apiPaths.endpoint(id)],
  ['POST', apiPaths.connectionTest(id)],
  ['GET', apiPaths.labels(id)],
  ['GET', apiPaths.sampleRepositories(id)],
  ['POST', apiPaths.preview(id)],
  ['PUT', apiPaths.ruleDraft(id)],
  ['GET', apiPaths.review(id)],
  ['PUT', apiPaths.rule(id)],
  ['POST', apiPaths.executions(id)],
  ['GET', apiPaths.executions(id)],
  ['GET', apiPaths.execution(id, 1)],
  ['POST', apiPaths.stopExecution(id, 1)],
  ['GET', apiPaths.tasks(id, 1)],
  ['GET', apiPaths.taskLog(id, 1, 2)],
  ['GET', apiPaths.verification(id)],
  ['POST', apiPaths.complete(id)],
  ['GET', apiPaths.exportBundle(id)],
  ['GET', apiPaths.exportTerraform(id)],
  ['POST', apiPaths.cleanup(id)],
  ['GET', apiPaths.harborProxy('source', 'projects')],
  ['GET', apiPaths.harborProxy('target', 'projects')],
];

describe('route table', () => {
  it.each(TABLE)('%s %s is served', async (method, url) => {
    const res = await app.inject({ method: method as 'GET', url });
    const body = String(res.headers['content-type']).includes('json') ? res.json<{ code?: string }>() : {};
    expect(body.code, `${method} ${url}`).not.toBe('not-found');
    expect(res.statusCode).toBeLessThan(500);
  });
});
