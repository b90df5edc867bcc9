// The dry run's bookkeeping on a scripted client (Harbor semantics themselves come from harbor-client).
import type { HarborClient } from '@hw/harbor-client';
import { describe, expect, it } from 'vitest';

import {
  PREVIEW_CONCURRENCY,
  PREVIEW_MATCHES_PER_TURN,
  PreviewCache,
  computePreview,
} from '../../src/wizard/preview.ts';

type Repo = { name: string; artifacts: { tags: string[]; labels: string[] }[] };

function scriptedClient(repos: Repo[], delayMs = 2) {
  let inFlight = 0;
  let maxInFlight = 0;
  const call = async <T>(value: T): Promise<T> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight -= 1;
    return value;
  };
  const page = <T>(items: T[], p = 1, size = 100) => ({
    items: items.slice((p - 1) * size, p * size),
    total: items.length,
  });
  const client = {
    repositories: {
      listAll: (q: { page?: number; pageSize?: number } = {}) =>
        call(
          page(
            repos.map((r) => ({ name: r.name })),
            q.page,
            q.pageSize,
          ),
        ),
      list: (project: string, q: { page?: number; pageSize?: number } = {}) =>
        call(
          page(
            repos.filter((r) => r.name.startsWith(`${project}/`)).map((r) => ({ name: r.name })),
            q.page,
            q.pageSize,
          ),
        ),
    },
    artifacts: {
      list: (project: string, repository: string, q: { page?: number; pageSize?: number } = {}) => {
        const repo = repos.find((r) => r.name === `${project}/${repository}`);
        const artifacts = (repo?.artifacts ?? []).map((a) => ({
          tags: a.tags.map((name) => ({ name })),
          labels: a.labels.map((name) => ({ name })),
        }));
        return call(page(artifacts, q.page, q.pageSize));
      },
    },
  } as unknown as HarborClient;
  return { client, maxInFlight: () => maxInFlight };
}

const noFilters = {
  name: '',
  tag: { decoration: 'matches' as const, pattern: '' },
  labels: { decoration: 'matches' as const, names: [] },
  resource: '' as const,
};

describe('computePreview', () => {
  it('keeps at most 8 Harbor calls in flight', async () => {
    const repos = Array.from({ length: 60 }, (_, i) => ({
      name: `src/app-${i}`,
      artifacts: [{ tags: ['v1'], labels: [] }],
    }));
    const { client, maxInFlight } = scriptedClient(repos);
    const result = await computePreview(client, {
      filters: noFilters,
      namespace: 'dst',
      replaceCount: 1,
      targetProject: 'dst',
    });
    expect(result.totals.matchedRepositories).toBe(60);
    expect(maxInFlight()).toBeLessThanOrEqual(PREVIEW_CONCURRENCY);
    expect(maxInFlight()).toBeGreaterThan(1);
    expect(result.harborCalls).toBe(61);
  });

  it('event-loop freeze: other work runs between repositories while thousands of names are matched', async () => {
    const repos = Array.from({ length: 3000 }, (_, i) => ({ name: `src/app-${i}`, artifacts: [] }));
    const { client } = scriptedClient(repos, 0);
    // A heartbeat on the event loop: it only advances when the preview lets go of it.
    let turns = 0;
    let beating = true;
    const beat = () => {
      if (!beating) return;
      turns += 1;
      setImmediate(beat);
    };
    setImmediate(beat);
    let turnsWhenListed = 0;
    const listAll = client.repositories.listAll.bind(client.repositories);
    client.repositories.listAll = async (query) => {
      const page = await listAll(query);
      turnsWhenListed = turns;
      return page;
    };
    const result = await computePreview(client, {
      filters: { ...noFilters, name: `*/nothing-${'*'.repeat(10)}x` },
      namespace: 'dst',
      replaceCount: 1,
      targetProject: 'dst',
    });
    beating = false;
    expect(result.totals.scannedRepositories).toBe(3000);
    expect(result.totals.matchedRepositories).toBe(0);
    // Everything after the last listing is matching: it gave the loop a turn every few names.
    expect(turns - turnsWhenListed).toBeGreaterThanOrEqual(3000 / PREVIEW_MATCHES_PER_TURN - 1);
  });

  it('event-loop freeze: names and tags no registry could hold, listed by a hostile Harbor, are not matched', async () => {
    const huge = 'a'.repeat(100_000);
    const repos = [
      { name: `src/${huge}`, artifacts: [{ tags: ['v1'], labels: [] }] },
      {
        name: 'src/app',
        artifacts: [
          { tags: [`v${huge}`], labels: [] },
          { tags: ['v2'], labels: [] },
        ],
      },
    ];
    const { client } = scriptedClient(repos);
    const result = await computePreview(client, {
      filters: { ...noFilters, name: `src/${'*'.repeat(20)}`, tag: { decoration: 'matches', pattern: 'v*' } },
      namespace: 'dst',
      replaceCount: 1,
      targetProject: 'dst',
    });
    expect(result.totals.scannedRepositories).toBe(2);
    expect(result.repositories.map((r) => [r.source, r.tags, r.artifacts])).toEqual([['src/app', ['v2'], 1]]);
  });

  it('flags collisions, flattening errors and destinations outside the target project', async () => {
    const { client } = scriptedClient([
      {
        name: 'a/web',
        artifacts: [
          { tags: ['v1', 'latest'], labels: [] },
          { tags: [], labels: [] },
        ],
      },
      { name: 'b/web', artifacts: [{ tags: ['v2'], labels: [] }] },
      { name: 'c/team/api', artifacts: [{ tags: ['v3'], labels: [] }] },
      { name: 'd/empty', artifacts: [] },
    ]);
    const flat = await computePreview(client, {
      filters: noFilters,
      namespace: 'dst',
      replaceCount: 1,
      targetProject: 'dst',
    });
    expect(flat.repositories.map((r) => [r.source, r.destination])).toEqual([
      ['a/web', 'dst/web'],
      ['b/web', 'dst/web'],
      ['c/team/api', 'dst/team/api'],
    ]);
    expect(flat.repositories[0]).toMatchObject({
      tags: ['latest', 'v1'],
      untaggedArtifacts: 1,
      artifacts: 2,
      collidesWith: ['b/web'],
    });
    expect(flat.totals).toMatchObject({
      scannedRepositories: 4,
      matchedRepositories: 3,
      collisions: 2,
      errors: 0,
    });
    // Each collision names its destination and every source repository landing there.
    expect(flat.collisions).toEqual([{ destination: 'dst/web', sources: ['a/web', 'b/web'] }]);

    const tooDeep = await computePreview(client, {
      filters: noFilters,
      namespace: 'dst',
      replaceCount: 2,
      targetProject: 'dst',
    });
    expect(tooDeep.repositories.find((r) => r.source === 'a/web')).toMatchObject({ destination: null });
    expect(tooDeep.repositories.find((r) => r.source === 'a/web')?.error).toMatch(/path components/);
    expect(tooDeep.totals.errors).toBe(2);

    const elsewhere = await computePreview(client, {
      filters: noFilters,
      namespace: 'other',
      replaceCount: 1,
      targetProject: 'dst',
    });
    expect(elsewhere.repositories[0]?.error).toMatch(/robot may only push to "dst"/);
  });

  it('applies the name and tag filters with Harbor semantics', async () => {
    const { client } = scriptedClient([
      {
        name: 'src/app',
        artifacts: [
          { tags: ['v1', 'v1-rc'], labels: [] },
          { tags: [], labels: [] },
        ],
      },
      { name: 'src/team/app', artifacts: [{ tags: ['v2'], labels: [] }] },
      { name: 'other/app', artifacts: [{ tags: ['v1'], labels: [] }] },
    ]);
    const result = await computePreview(client, {
      filters: { ...noFilters, name: 'src/*', tag: { decoration: 'excludes', pattern: '*-rc' } },
      namespace: 'dst',
      replaceCount: 1,
      targetProject: 'dst',
    });
    expect(result.repositories.map((r) => r.source)).toEqual(['src/app']);
    expect(result.repositories[0]).toMatchObject({ tags: ['v1'], untaggedArtifacts: 1 });
  });

  it('caches by key briefly', async () => {
    let now = 0;
    const cache = new PreviewCache(() => now);
    let computed = 0;
    const compute = () => {
      computed += 1;
      return Promise.resolve({
        repositories: [],
        totals: {
          scannedRepositories: 0,
          matchedRepositories: 0,
          artifacts: 0,
          tags: 0,
          collisions: 0,
          errors: 0,
        },
        collisions: [],
        warnings: [],
        harborCalls: 0,
      });
    };
    await cache.get('k', compute);
    await cache.get('k', compute);
    expect(computed).toBe(1);
    now += 60_000;
    await cache.get('k', compute);
    expect(computed).toBe(2);
  });
});
