// The dry run: which source repositories and tags the rule's filters match and where each lands on
// the target, with Harbor's own semantics from @hw/harbor-client (glob, tag/label selection,
// flattening). At most 8 Harbor calls run at once; results are cached briefly per filter set.
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { HarborArtifact, HarborClient, HarborRepository } from '@hw/harbor-client';
import {
  collectAll,
  destinationRepository,
  isHarborError,
  isSpecificPathComponent,
  MAX_REPOSITORY_NAME_LENGTH,
  MAX_TAG_LENGTH,
  replicationFilters,
  repositoryMatchesFilters,
  selectArtifactTags,
} from '@hw/harbor-client';
import type { Collision, PreviewRepository, PreviewResult, RuleFilters } from '@hw/wizard-api';

import { Semaphore } from './semaphore.ts';

export const PREVIEW_CONCURRENCY = 8;
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 50;
/** Filters matched between two turns of the event loop at most. */
export const PREVIEW_MATCHES_PER_TURN = 50;
/** ...and the longest stretch of matching before the next turn (costly patterns on long names). */
const PREVIEW_MS_PER_TURN = 10;

/**
 * Matching is synchronous and a Harbor can list many thousand repositories and artifacts: pausing
 * every few matches lets other requests, timers and SIGTERM through.
 */
function breather(every: number, maxMs: number): () => Promise<void> {
  let done = 0;
  let since = performance.now();
  return async () => {
    done += 1;
    if (done % every !== 0 && performance.now() - since < maxMs) return;
    await nextTurn();
    since = performance.now();
  };
}

export type PreviewInput = {
  filters: RuleFilters;
  namespace: string;
  replaceCount: number;
  /** The target project: destinations outside it cannot be written by the project robot. */
  targetProject: string | null;
  /**
   * Pull mode: the source project of the robot the target reads with. Harbor lists only what that
   * robot can see, so repositories of other projects are never replicated.
   */
  sourceProject?: string | null;
};

export type FullPreview = Omit<PreviewResult, 'items' | 'total'> & { repositories: PreviewRepository[] };

function splitRepository(full: string): { project: string; rest: string } {
  const i = full.indexOf('/');
  return i < 0 ? { project: full, rest: '' } : { project: full.slice(0, i), rest: full.slice(i + 1) };
}

async function listCandidates(
  client: HarborClient,
  filters: RuleFilters,
  gate: Semaphore,
  count: () => void,
  robotProject: string | null,
): Promise<HarborRepository[]> {
  const first = filters.name.split('/')[0] ?? '';
  // Harbor's own listing optimisation: a specific first component names the only project to list.
  const specific = filters.name && isSpecificPathComponent(first) && !first.includes('{') ? first : null;
  if (robotProject !== null && specific !== null && specific !== robotProject) return [];
  const only = robotProject ?? specific;
  if (only !== null) {
    try {
      return await collectAll(
        (page, pageSize) => gate.run(() => (count(), client.repositories.list(only, { page, pageSize }))),
        100,
      );
    } catch (error) {
      if (isHarborError(error) && (error.status === 404 || error.status === 403)) return [];
      throw error;
    }
  }
  return collectAll(
    (page, pageSize) => gate.run(() => (count(), client.repositories.listAll({ page, pageSize }))),
    100,
  );
}

export async function computePreview(client: HarborClient, input: PreviewInput): Promise<FullPreview> {
  const gate = new Semaphore(PREVIEW_CONCURRENCY);
  let harborCalls = 0;
  const count = () => {
    harborCalls += 1;
  };
  const filters = replicationFilters(input.filters);
  const robotProject = input.sourceProject ?? null;
  const candidates = await listCandidates(client, input.filters, gate, count, robotProject);
  const pause = breather(PREVIEW_MATCHES_PER_TURN, PREVIEW_MS_PER_TURN);
  const named: string[] = [];
  for (const candidate of candidates) {
    await pause();
    const name = candidate.name ?? '';
    // No registry stores a longer name: a Harbor that lists one only makes matching expensive.
    if (name.length > MAX_REPOSITORY_NAME_LENGTH) continue;
    if (name && repositoryMatchesFilters(filters, name)) named.push(name);
  }

  const repositories = await Promise.all(
    named.map(async (source): Promise<PreviewRepository | null> => {
      const { project, rest } = splitRepository(source);
      let artifacts: HarborArtifact[];
      try {
        artifacts = await collectAll(
          (page, pageSize) =>
            gate.run(
              () => (
                count(),
                client.artifacts.list(project, rest, { page, pageSize, withTag: true, withLabel: true })
              ),
            ),
          100,
        );
      } catch (error) {
        // Deleted between the two listings: it simply has nothing to replicate.
        if (isHarborError(error) && error.status === 404) return null;
        throw error;
      }
      const tags = new Set<string>();
      let selectedArtifacts = 0;
      let untagged = 0;
      for (const artifact of artifacts) {
        await pause();
        const artifactTags = (artifact.tags ?? []).map((t) => t.name ?? '').filter(Boolean);
        // As with names: no registry stores such a tag, and matching it would be expensive.
        if (artifactTags.some((tag) => tag.length > MAX_TAG_LENGTH)) continue;
        const selected = selectArtifactTags(filters, {
          tags: artifactTags,
          labels: (artifact.labels ?? []).map((l) => l.name ?? '').filter(Boolean),
        });
        if (selected === null || selected.length === 0) continue;
        selectedArtifacts += 1;
        for (const tag of selected) {
          if (tag === '') untagged += 1;
          else tags.add(tag);
        }
      }
      if (selectedArtifacts === 0) return null;
      const destination = destinationRepository(source, input.namespace || undefined, input.replaceCount);
      let error: string | undefined = destination.ok ? undefined : destination.message;
      if (
        destination.ok &&
        input.targetProject &&
        splitRepository(destination.name).project !== input.targetProject
      ) {
        error = `lands in project "${splitRepository(destination.name).project}", but the robot may only push to "${input.targetProject}"`;
      }
      return {
        source,
        destination: destination.ok ? destination.name : null,
        ...(error ? { error } : {}),
        tags: [...tags].sort(),
        untaggedArtifacts: untagged,
        artifacts: selectedArtifacts,
        collidesWith: [],
      };
    }),
  );

  const matched = repositories
    .filter((r): r is PreviewRepository => r !== null)
    .sort((a, b) => a.source.localeCompare(b.source));
  const byDestination = new Map<string, PreviewRepository[]>();
  for (const repo of matched) {
    if (repo.destination === null) continue;
    byDestination.set(repo.destination, [...(byDestination.get(repo.destination) ?? []), repo]);
  }
  const collisionGroups: Collision[] = [];
  for (const [destination, group] of byDestination) {
    if (group.length < 2) continue;
    for (const repo of group) {
      repo.collidesWith = group.filter((other) => other !== repo).map((other) => other.source);
    }
    collisionGroups.push({ destination, sources: group.map((repo) => repo.source) });
  }
  collisionGroups.sort((a, b) => a.destination.localeCompare(b.destination));
  const collisions = collisionGroups.reduce((n, c) => n + c.sources.length, 0);
  const errors = matched.filter((r) => r.error !== undefined).length;
  const warnings: string[] = [];
  if (robotProject !== null)
    warnings.push(
      `Only project "${robotProject}" is shown: the target reads the source with the robot, which can see nothing else, so repositories in other source projects are never replicated by this rule.`,
    );
  if (input.filters.resource)
    warnings.push(
      'The resource filter is stored but has no effect since Harbor 2.8: all artifact types are replicated.',
    );
  if (collisions > 0)
    warnings.push(
      `${collisions} repositories land on the same destination as another one: later copies overwrite earlier ones. Flatten fewer levels.`,
    );
  if (errors > 0) warnings.push(`${errors} repositories would fail at run time (see their error).`);
  if (matched.length === 0)
    warnings.push(
      'Nothing matches: the execution would end at once with "no resources need to be replicated".',
    );

  return {
    repositories: matched,
    totals: {
      scannedRepositories: candidates.length,
      matchedRepositories: matched.length,
      artifacts: matched.reduce((n, r) => n + r.artifacts, 0),
      tags: matched.reduce((n, r) => n + r.tags.length, 0),
      collisions,
      errors,
    },
    collisions: collisionGroups,
    warnings,
    harborCalls,
  };
}

/** A short-lived cache so paging through a preview, or typing back a filter, does not rescan Harbor. */
export class PreviewCache {
  readonly #entries = new Map<string, { at: number; value: Promise<FullPreview> }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string, compute: () => Promise<FullPreview>): Promise<FullPreview> {
    const hit = this.#entries.get(key);
    if (hit && this.now() - hit.at < CACHE_TTL_MS) return hit.value;
    const value = compute();
    this.#entries.set(key, { at: this.now(), value });
    value.catch(() => this.#entries.delete(key));
    if (this.#entries.size > CACHE_MAX) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return value;
  }
}
