import { describe, expect, it } from 'vitest';
import {
  parseHarborVersion,
  repositoryMatchesFilters,
  selectArtifactTags,
  validateReplicationFilters,
  type HarborReplicationFilter,
} from '../../src/index.ts';

describe('validateReplicationFilters', () => {
  it("accepts the contract's example filters", () => {
    expect(
      validateReplicationFilters([
        { type: 'name', value: 'src/**' },
        { type: 'tag', value: 'v*', decoration: 'matches' },
        { type: 'label', value: ['prod'], decoration: 'matches' },
        { type: 'resource', value: 'image' },
        { type: 'tag', value: 'dev-*', decoration: 'excludes' },
        { type: 'label', value: [], decoration: 'excludes' },
      ]),
    ).toEqual({ ok: true });
  });

  it.each<[unknown, string]>([
    [
      { type: 'name', value: 'src/**', decoration: 'matches' },
      'only tag and label filter support decoration',
    ],
    [
      { type: 'resource', value: 'image', decoration: 'excludes' },
      'only tag and label filter support decoration',
    ],
    [{ type: 'resource', value: 'chart' }, 'invalid resource filter: chart'],
    [{ type: 'name', value: ['src/**'] }, "the type of filter value isn't string"],
    [{ type: 'tag' }, "the type of filter value isn't string"],
    [{ type: 'label', value: 'prod' }, "the type of label filter value isn't string slice"],
    [{ type: 'label', value: ['prod', 1] }, "the type of label filter value isn't string slice"],
    [{ type: 'repository', value: 'x' }, 'invalid filter type'],
    [{ value: 'x' }, 'invalid filter type'],
    [{ type: 'tag', value: 'v*', decoration: 'match' }, 'invalid filter decoration, :match'],
    [{ type: 'label', value: ['a'], decoration: 'not' }, 'invalid filter decoration, :not'],
  ])('refuses %j with Harbor 400 message', (filter, message) => {
    expect(validateReplicationFilters([{ type: 'name', value: 'ok/**' }, filter])).toEqual({
      ok: false,
      message,
    });
  });

  it('accepts the chart resource filter only before Harbor 2.8', () => {
    const chart = [{ type: 'resource', value: 'chart' }];
    expect(validateReplicationFilters(chart, parseHarborVersion('v2.7.4')!)).toEqual({ ok: true });
    expect(validateReplicationFilters(chart, parseHarborVersion('v2.8.0')!).ok).toBe(false);
  });
});

describe('repositoryMatchesFilters', () => {
  const name = (value: string): HarborReplicationFilter => ({ type: 'name', value });

  it('matches the full repository name, project included', () => {
    expect(repositoryMatchesFilters([name('src/**')], 'src/team/app')).toBe(true);
    expect(repositoryMatchesFilters([name('src/*')], 'src/team/app')).toBe(false);
    expect(repositoryMatchesFilters([name('app')], 'src/app')).toBe(false);
    expect(repositoryMatchesFilters([name('')], 'src/app')).toBe(true);
  });

  it('ANDs several name filters and ignores tag, label and resource filters', () => {
    const filters = [
      name('src/**'),
      name('*/app*'),
      { type: 'tag', value: 'nope' },
      { type: 'resource', value: 'image' },
    ];
    expect(repositoryMatchesFilters(filters, 'src/app-1')).toBe(true);
    expect(repositoryMatchesFilters(filters, 'src/web')).toBe(false);
    expect(repositoryMatchesFilters([], 'anything/here')).toBe(true);
  });
});

describe('selectArtifactTags', () => {
  const artifact = (tags: string[], labels: string[] = []) => ({ tags, labels });

  it('replicates only the matching tags', () => {
    expect(selectArtifactTags([{ type: 'tag', value: 'v*' }], artifact(['v1', 'latest', 'v2']))).toEqual([
      'v1',
      'v2',
    ]);
    expect(
      selectArtifactTags([{ type: 'tag', value: 'v*', decoration: 'excludes' }], artifact(['v1', 'latest'])),
    ).toEqual(['latest']);
    expect(selectArtifactTags([{ type: 'tag', value: 'rc*' }], artifact(['v1']))).toBeNull();
  });

  it('matches an untagged artifact as the empty string', () => {
    expect(selectArtifactTags([{ type: 'tag', value: '**' }], artifact([]))).toEqual(['']);
    expect(selectArtifactTags([{ type: 'tag', value: 'v*' }], artifact([]))).toBeNull();
    expect(selectArtifactTags([{ type: 'tag', value: 'v*', decoration: 'excludes' }], artifact([]))).toEqual([
      '',
    ]);
    expect(selectArtifactTags([], artifact([]))).toEqual(['']);
  });

  it('applies tag filters one after the other', () => {
    const filters: HarborReplicationFilter[] = [
      { type: 'tag', value: 'v*' },
      { type: 'tag', value: '*-rc', decoration: 'excludes' },
    ];
    expect(selectArtifactTags(filters, artifact(['v1', 'v2-rc', 'latest']))).toEqual(['v1']);
    expect(selectArtifactTags(filters, artifact(['v2-rc']))).toBeNull();
  });

  it('needs every listed label (AND), or with excludes not all of them', () => {
    const both: HarborReplicationFilter = { type: 'label', value: ['prod', 'signed'] };
    expect(selectArtifactTags([both], artifact(['v1'], ['prod', 'signed', 'x']))).toEqual(['v1']);
    expect(selectArtifactTags([both], artifact(['v1'], ['prod']))).toBeNull();
    expect(selectArtifactTags([{ ...both, decoration: 'excludes' }], artifact(['v1'], ['prod']))).toEqual([
      'v1',
    ]);
    expect(
      selectArtifactTags([{ ...both, decoration: 'excludes' }], artifact(['v1'], ['prod', 'signed'])),
    ).toBeNull();
    expect(selectArtifactTags([{ type: 'label', value: [] }], artifact(['v1']))).toEqual(['v1']);
  });

  it('ignores name and resource filters', () => {
    expect(
      selectArtifactTags(
        [
          { type: 'name', value: 'other/**' },
          { type: 'resource', value: 'image' },
        ],
        artifact(['v1']),
      ),
    ).toEqual(['v1']);
  });
});
