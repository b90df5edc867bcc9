import {
  apiErrorSchema,
  apiPaths,
  connectionTestResultSchema,
  endpointDefaultsSchema,
  labelOptionSchema,
  previewResultSchema,
  ruleCheckResultSchema,
  sessionSchema,
  setupStateSchema,
  verificationSchema,
} from '@hw/wizard-api';
import { beforeAll, describe, expect, it } from 'vitest';

import type { Browser } from '../helpers.ts';
import { json } from '../helpers.ts';
import { connectedBrowser, connectedSetup, startAppWithSims } from '../sims.ts';
import { RULE, ok, throughRobot, throughRule } from '../flows/push-flow.ts';

const { sims, app } = await startAppWithSims();

let browser: Browser;
let id: string;
let sourceProject: string;
beforeAll(async () => {
  ({ browser, id } = await connectedBrowser(app, sims));
  await throughRobot(browser, id, 'rules-dst');
  await throughRule(browser, id, 'rules-dst');
  sourceProject = ok<{ items: string[] }>(
    await browser.get(apiPaths.sampleRepositories(id)),
    'samples',
  ).items[0]!.split('/')[0]!;
});

describe('labels and samples', () => {
  it("lists the global labels of the rule's Harbor", async () => {
    const res = json<{ items: unknown[] }>(await browser.get(apiPaths.labels(id)));
    const labels = res.items.map((l) => labelOptionSchema.parse(l));
    const names = sims.source.control
      .state()
      .labels.filter((l) => l.scope === 'g')
      .map((l) => l.name);
    expect(labels.map((l) => l.name).sort()).toEqual([...names].sort());
  });

  it('offers real source repositories, nested ones first', async () => {
    const samples = ok<{ items: string[] }>(await browser.get(apiPaths.sampleRepositories(id)), 'samples');
    expect(samples.items.length).toBeGreaterThan(0);
    expect(samples.items.length).toBeLessThanOrEqual(8);
    const depths = samples.items.map((s) => s.split('/').length);
    expect([...depths].sort((a, b) => b - a)).toEqual(depths);
  });
});

describe('preview', () => {
  it('pages through the matched repositories with stable totals', async () => {
    const body = {
      filters: RULE('rules-dst', '**').filters,
      destination: { namespace: 'rules-dst', replaceCount: -1 },
    };
    const first = previewResultSchema.parse(
      json(await browser.post(apiPaths.preview(id), { ...body, page: 1, pageSize: 5 })),
    );
    const second = previewResultSchema.parse(
      json(await browser.post(apiPaths.preview(id), { ...body, page: 2, pageSize: 5 })),
    );
    expect(first.total).toBeGreaterThan(5);
    expect(second.total).toBe(first.total);
    expect(first.items).toHaveLength(5);
    expect(second.items[0]?.source).not.toBe(first.items[0]?.source);
    expect(first.totals).toEqual(second.totals);
    // Flatten all levels: repositories with the same last component collide.
    expect(first.items.every((r) => r.destination?.split('/').length === 2)).toBe(true);
  });

  it('flags flattening that runs deeper than the path', async () => {
    const res = previewResultSchema.parse(
      json(
        await browser.post(apiPaths.preview(id), {
          filters: RULE('rules-dst', sourceProject).filters,
          destination: { namespace: 'rules-dst', replaceCount: 3 },
          pageSize: 100,
        }),
      ),
    );
    expect(res.totals.errors).toBeGreaterThan(0);
    expect(res.items.find((r) => r.error)?.error).toMatch(/path components/);
  });

  it('lists every collision with its destination and all its sources, beyond the page', async () => {
    const res = previewResultSchema.parse(
      json(
        await browser.post(apiPaths.preview(id), {
          filters: RULE('rules-dst', '**').filters,
          destination: { namespace: 'rules-dst', replaceCount: -1 },
          page: 1,
          pageSize: 1,
        }),
      ),
    );
    expect(res.totals.collisions).toBeGreaterThan(0);
    expect(res.collisions.reduce((n, c) => n + c.sources.length, 0)).toBe(res.totals.collisions);
    for (const collision of res.collisions) {
      expect(collision.sources.length).toBeGreaterThanOrEqual(2);
      // Flattening every level keeps only the last path component.
      const last = collision.destination.split('/').pop();
      expect(collision.sources.every((s) => s.split('/').pop() === last)).toBe(true);
    }
  });

  it('refuses an invalid request with 400', async () => {
    const res = await browser.post(apiPaths.preview(id), {
      filters: { name: 'x' },
      destination: { replaceCount: 9 },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('event-loop freeze: filters built to be expensive to match', () => {
  it('refuses them on the preview and on the rule with a 400 that says what to change', async () => {
    const destination = { namespace: 'rules-dst', replaceCount: 1 };
    const preview = await browser.post(apiPaths.preview(id), {
      filters: { name: `${sourceProject}/**`, tag: { decoration: 'matches', pattern: '?'.repeat(33) } },
      destination,
    });
    expect(preview.statusCode).toBe(400);
    expect(json<{ code: string; message: string }>(preview)).toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('The tag filter has more than 32 wildcards') as string,
    });
    const base = RULE('rules-dst', sourceProject);
    const rule = await browser.put(apiPaths.ruleDraft(id), {
      ...base,
      filters: { ...base.filters, name: `${sourceProject}/${'a'.repeat(260)}` },
    });
    expect(rule.statusCode).toBe(400);
    expect(json<{ message: string }>(rule).message).toContain(
      'The name filter is longer than 255 characters; shorten it.',
    );
  });
});

describe('rule name check', () => {
  const check = async (setup: string, name: string) =>
    ruleCheckResultSchema.parse(
      ok(await browser.get(`${apiPaths.ruleCheck(setup)}?name=${encodeURIComponent(name)}`), 'check'),
    );

  it("says a name is taken by another rule on the rule's Harbor, but not by the setup's own rule", async () => {
    const other = await connectedSetup(browser, sims);
    // Exactly the name of the first setup's rule (a substring match alone is no conflict).
    expect(await check(other, 'rule-rules-dst')).toEqual({ exists: true, harborUrl: sims.source.url });
    expect(await check(other, 'rule-rules')).toMatchObject({ exists: false });
    expect(await check(id, 'rule-rules-dst')).toMatchObject({ exists: false });
  });

  it('refuses a name Harbor would not accept with 400', async () => {
    const res = await browser.get(`${apiPaths.ruleCheck(id)}?name=${encodeURIComponent('Bad Name')}`);
    expect(res.statusCode).toBe(400);
  });
});

describe('rule', () => {
  it("validates the cron against the rule Harbor's rules", async () => {
    const res = await browser.put(apiPaths.ruleDraft(id), {
      ...RULE('rules-dst', sourceProject),
      trigger: { type: 'scheduled', cron: '0 * * * * *' },
    });
    expect(res.statusCode).toBe(400);
    expect(apiErrorSchema.parse(res.json()).issues?.[0]?.message).toMatch(/Minutes/);
  });

  it('updates the existing policy on a second save instead of creating another', async () => {
    ok(
      await browser.put(apiPaths.ruleDraft(id), {
        ...RULE('rules-dst', sourceProject),
        description: 'changed',
      }),
      'draft',
    );
    const state = setupStateSchema.parse(ok(await browser.put(apiPaths.rule(id)), 'rule'));
    expect(state.created.filter((c) => c.kind === 'policy')).toHaveLength(1);
    expect(sims.source.control.state().policies.filter((p) => p.name === 'rule-rules-dst')).toHaveLength(1);
  });

  it("names the rule in the session's list of setups", async () => {
    const session = sessionSchema.parse(ok(await browser.get(apiPaths.session), 'session'));
    expect(session.history.find((s) => s.id === id)).toMatchObject({
      ruleName: 'rule-rules-dst',
      sourceUrl: sims.source.url,
    });
  });

  it('verification before any run reports the missing tags', async () => {
    const verification = verificationSchema.parse(ok(await browser.get(apiPaths.verification(id)), 'verify'));
    expect(verification.ok).toBe(false);
    expect(verification.repositories.some((r) => r.missingTags.length > 0)).toBe(true);
  });
});

describe('endpoint reuse', () => {
  it('reuses an endpoint with the same URL and robot, handing it the refreshed secret', async () => {
    const other = await connectedSetup(browser, sims);
    ok(await browser.put(apiPaths.project(other), { name: 'rules-dst', create: false }), 'project');
    ok(
      await browser.post(apiPaths.robot(other), { name: 'replicator', duration: -1, onConflict: 'reuse' }),
      'robot',
    );
    ok(await browser.post(apiPaths.robotHandOff(other), { stored: true }), 'hand-off');
    const defaults = endpointDefaultsSchema.parse(
      ok(await browser.get(apiPaths.endpointDefaults(other)), 'defaults'),
    );
    const candidate = defaults.candidates.find((c) => c.sameAccount);
    expect(candidate).toBeDefined();
    const before = sims.source.control.state().registries.length;
    const state = setupStateSchema.parse(
      ok(
        await browser.put(apiPaths.endpoint(other), {
          name: candidate!.name,
          url: defaults.url,
          reuseId: candidate!.id,
        }),
        'endpoint',
      ),
    );
    expect(state.endpoint).toMatchObject({ id: candidate!.id, reused: true });
    expect(state.created).toEqual([]);
    expect(sims.source.control.state().registries.length).toBe(before);
    // The robot's secret was refreshed by the reuse; the endpoint got the new one.
    const test = connectionTestResultSchema.parse(
      ok(await browser.post(apiPaths.connectionTest(other)), 'test'),
    );
    expect(test.ok).toBe(true);
  });
});
