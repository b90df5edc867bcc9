// Property-based fuzzing of every route's input: whatever the browser sends, the answer is never a 5xx.
import { apiPaths } from '@hw/wizard-api';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { connectedBrowser, startAppWithSims } from '../sims.ts';
import { throughRobot, throughRule } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let id: string;
beforeAll(async () => {
  ({ browser, id } = await connectedBrowser(app, sims));
  await throughRobot(browser, id, 'fuzz-dst');
  await throughRule(browser, id, 'fuzz-dst');
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const anyBody = fc.oneof(fc.jsonValue(), fc.object(), fc.constant(undefined));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '*', '**', '[', '{a,b', '\\', '../..', 'a/b/c', 'v*', '0 0 2 * * *'),
);
const query = fc.dictionary(
  fc.constantFrom('page', 'pageSize', 'q', 'side', 'name', 'status', 'trigger', 'x'),
  text,
);
const filters = fc.record({
  name: text,
  tag: fc.record({ decoration: fc.constantFrom('matches', 'excludes', 'bogus'), pattern: text }),
  labels: fc.record({
    decoration: fc.constantFrom('matches', 'excludes'),
    names: fc.array(text, { maxLength: 3 }),
  }),
  resource: fc.constantFrom('', 'image', 'artifact', 'chart'),
});
const destination = fc.record({ namespace: text, replaceCount: fc.integer({ min: -3, max: 6 }) });

function qs(q: Record<string, string>): string {
  const s = new URLSearchParams(q).toString();
  return s ? `?${s}` : '';
}

async function expectNo5xx(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<void> {
  const res = await browser.request(method, url, body);
  expect(
    res.statusCode,
    `${method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${res.body.slice(0, 300)}`,
  ).toBeLessThan(500);
}

describe('fuzzing finds no 5xx', () => {
  const bodyRoutes: [string, 'POST' | 'PUT', (setup: string) => string][] = [
    ['setups', 'POST', () => apiPaths.setups],
    ['step', 'PUT', apiPaths.step],
    ['connect', 'POST', (s) => apiPaths.connect(s, 'target')],
    ['project', 'PUT', apiPaths.project],
    ['robot', 'POST', apiPaths.robot],
    ['hand-off', 'POST', apiPaths.robotHandOff],
    ['endpoint', 'PUT', apiPaths.endpoint],
    ['preview', 'POST', apiPaths.preview],
    ['rule draft', 'PUT', apiPaths.ruleDraft],
    ['cleanup', 'POST', apiPaths.cleanup],
  ];
  for (const [name, method, path] of bodyRoutes) {
    it(`${method} ${name} with arbitrary bodies`, async () => {
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => expectNo5xx(method, path(id), body)),
        { numRuns: RUNS },
      );
    });
  }

  it('preview with near-valid filters and flattening', async () => {
    await fc.assert(
      fc.asyncProperty(filters, destination, fc.integer({ min: -1, max: 200 }), async (f, d, page) =>
        expectNo5xx('POST', apiPaths.preview(id), { filters: f, destination: d, page, pageSize: 10 }),
      ),
      { numRuns: RUNS },
    );
  });

  it('rule draft with near-valid rules', async () => {
    const rule = fc.record({
      name: text,
      filters,
      destination,
      trigger: fc.record({ type: fc.constantFrom('manual', 'scheduled', 'event_based'), cron: text }),
      deletion: fc.boolean(),
      singleActiveReplication: fc.boolean(),
      bandwidth: fc.record({
        unlimited: fc.boolean(),
        value: fc.integer({ min: -5, max: 200_000 }),
        unit: fc.constantFrom('Kbps', 'Mbps', 'Gbps'),
      }),
    });
    await fc.assert(
      fc.asyncProperty(rule, async (r) => expectNo5xx('PUT', apiPaths.ruleDraft(id), r)),
      { numRuns: RUNS },
    );
  });

  it('project, robot and endpoint with near-valid values', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.boolean(),
        fc.integer({ min: -3, max: 40_000 }),
        async (name, create, duration) => {
          await expectNo5xx('GET', `${apiPaths.projectCheck(id)}${qs({ name })}`);
          await expectNo5xx('GET', `${apiPaths.robotCheck(id)}${qs({ name })}`);
          await expectNo5xx('POST', apiPaths.robot(id), {
            name,
            duration,
            onConflict: create ? 'reuse' : 'fail',
          });
          await expectNo5xx('PUT', apiPaths.endpoint(id), {
            name,
            url: `http://${name}`,
            verifyRemoteCert: create,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every setup route with an arbitrary setup id', async () => {
    const routes: ['GET' | 'POST' | 'PUT', (setup: string) => string][] = [
      ['GET', apiPaths.setup],
      ['PUT', apiPaths.step],
      ['POST', (s) => apiPaths.connect(s, 'source')],
      ['GET', apiPaths.projects],
      ['GET', apiPaths.projectCheck],
      ['PUT', apiPaths.project],
      ['GET', apiPaths.robotCheck],
      ['POST', apiPaths.robot],
      ['GET', apiPaths.robotExport],
      ['POST', apiPaths.robotHandOff],
      ['GET', apiPaths.endpointDefaults],
      ['PUT', apiPaths.endpoint],
      ['POST', apiPaths.connectionTest],
      ['GET', apiPaths.labels],
      ['GET', apiPaths.sampleRepositories],
      ['POST', apiPaths.preview],
      ['PUT', apiPaths.ruleDraft],
      ['GET', apiPaths.review],
      ['PUT', apiPaths.rule],
      ['POST', apiPaths.executions],
      ['GET', apiPaths.executions],
      ['GET', apiPaths.verification],
      ['POST', apiPaths.complete],
      ['GET', apiPaths.exportBundle],
      ['GET', apiPaths.exportTerraform],
      ['POST', apiPaths.cleanup],
    ];
    await fc.assert(
      fc.asyncProperty(text, anyBody, async (setupId, body) => {
        for (const [method, path] of routes)
          await expectNo5xx(method, path(setupId), method === 'GET' ? undefined : body);
      }),
      { numRuns: 10 },
    );
  });

  it('GET routes with arbitrary queries and ids', async () => {
    const gets = [
      apiPaths.projects,
      apiPaths.executions,
      apiPaths.labels,
      apiPaths.sampleRepositories,
      apiPaths.review,
      apiPaths.endpointDefaults,
      apiPaths.setup,
    ];
    await fc.assert(
      fc.asyncProperty(
        query,
        fc.oneof(fc.constant(id), text),
        fc.oneof(fc.integer(), text),
        async (q, setupId, executionId) => {
          for (const path of gets) await expectNo5xx('GET', `${path(id)}${qs(q)}`);
          await expectNo5xx('GET', apiPaths.setup(setupId));
          const e = encodeURIComponent(String(executionId));
          const base = apiPaths.executions(id);
          await expectNo5xx('GET', `${base}/${e}`);
          await expectNo5xx('GET', `${base}/${e}/tasks${qs(q)}`);
          await expectNo5xx('GET', `${base}/${e}/tasks/${e}/log`);
          await expectNo5xx('POST', `${base}/${e}/stop`, {});
          await expectNo5xx('GET', `/api/harbor/target/${encodeURIComponent(String(setupId))}${qs(q)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
