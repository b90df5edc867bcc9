// Replication filters: Harbor's validation (pkg/reg/model/policy.go Filter.Validate) and what they
// select at run time (pkg/reg/filter), Harbor v2.15.2; docs/harbor-behaviour.md, "Filters".
import type { HarborReplicationFilter } from '../types.ts';
import { isAtLeast, type HarborVersion } from './capabilities.ts';
import { matchGlob } from './glob.ts';
import { fail, OK, type RuleCheck } from './rule-check.ts';

const DECORATIONS = new Set(['', 'matches', 'excludes']);

function validateFilter(filter: unknown, version: HarborVersion | undefined): RuleCheck {
  const { type, value, decoration } = (typeof filter === 'object' && filter !== null ? filter : {}) as {
    type?: unknown;
    value?: unknown;
    decoration?: unknown;
  };
  // A non-string decoration is a 422 from Harbor's binding; here it is simply not a valid one.
  const decorationText =
    typeof decoration === 'string' ? decoration : decoration == null ? '' : JSON.stringify(decoration);
  switch (type) {
    case 'name':
    case 'tag':
    case 'resource': {
      if (typeof value !== 'string') return fail("the type of filter value isn't string");
      if (type === 'resource') {
        // "chart" went away with ChartMuseum in 2.8.
        const chartAllowed = version !== undefined && !isAtLeast(version, 2, 8);
        if (!(value === 'image' || value === 'artifact' || (chartAllowed && value === 'chart'))) {
          return fail(`invalid resource filter: ${value}`);
        }
      }
      if (type !== 'tag' && decorationText !== '')
        return fail('only tag and label filter support decoration');
      break;
    }
    case 'label':
      if (!Array.isArray(value) || !value.every((label) => typeof label === 'string')) {
        return fail("the type of label filter value isn't string slice");
      }
      break;
    default:
      return fail('invalid filter type');
  }
  if (!DECORATIONS.has(decorationText)) return fail(`invalid filter decoration, :${decorationText}`);
  return OK;
}

/**
 * Validates a policy's `filters` as Harbor does on create and update: the first failing filter's
 * 400 message. Without a version the newest rules apply.
 */
export function validateReplicationFilters(filters: readonly unknown[], version?: HarborVersion): RuleCheck {
  for (const filter of filters) {
    const check = validateFilter(filter, version);
    if (!check.ok) return check;
  }
  return OK;
}

function stringValue(filter: HarborReplicationFilter): string {
  return typeof filter.value === 'string' ? filter.value : '';
}

/** Name filters, ANDed, on the full repository name including the project ("src/team/app"). */
export function repositoryMatchesFilters(
  filters: readonly HarborReplicationFilter[],
  repository: string,
): boolean {
  return filters
    .filter((filter) => filter.type === 'name')
    .every((filter) => {
      const pattern = stringValue(filter);
      if (pattern === '') return true;
      const match = matchGlob(pattern, repository);
      return filter.decoration === 'excludes' ? !match : match;
    });
}

/**
 * Tag and label filters applied in list order to one artifact. Returns null when the artifact is
 * not replicated, otherwise the tags that are ('' stands for an untagged artifact, which Harbor
 * matches as the empty string: "**" keeps it, "v*" drops it).
 */
export function selectArtifactTags(
  filters: readonly HarborReplicationFilter[],
  artifact: { tags: readonly string[]; labels: readonly string[] },
): string[] | null {
  const untagged = artifact.tags.length === 0;
  let tags = [...artifact.tags];
  for (const filter of filters) {
    const excludes = filter.decoration === 'excludes';
    if (filter.type === 'tag') {
      const pattern = stringValue(filter);
      if (pattern === '') continue;
      if (untagged) {
        if (matchGlob(pattern, '') === excludes) return null;
        continue;
      }
      // Each filter narrows the tags the previous one kept.
      tags = tags.filter((tag) => matchGlob(pattern, tag) !== excludes);
      if (tags.length === 0) return null;
    } else if (filter.type === 'label') {
      const wanted = Array.isArray(filter.value)
        ? filter.value.filter((v): v is string => typeof v === 'string')
        : [];
      if (wanted.length === 0) continue;
      const hasAll = wanted.every((label) => artifact.labels.includes(label));
      if (hasAll === excludes) return null;
    }
  }
  return untagged ? [''] : tags;
}
