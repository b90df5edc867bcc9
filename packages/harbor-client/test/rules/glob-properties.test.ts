// Property tests of the doublestar v1 matcher: the laws Harbor's name and tag filters rely on,
// checked on generated repository names rather than on hand-picked cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { matchGlob, repositoryMatchesFilters, selectArtifactTags } from '../../src/index.ts';

// Path components as Harbor allows them in repository names: no glob meta characters, no "/".
const component = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/).filter((s) => s.length <= 20);
const repository = fc.array(component, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));

describe('matchGlob properties (doublestar v1, separator "/")', () => {
  it('a literal pattern matches exactly itself', () => {
    fc.assert(
      fc.property(repository, repository, (a, b) => {
        expect(matchGlob(a, a)).toBe(true);
        expect(matchGlob(a, b)).toBe(a === b);
      }),
    );
  });

  it('"**" matches every name, at any depth', () => {
    fc.assert(
      fc.property(repository, (name) => {
        expect(matchGlob('**', name)).toBe(true);
      }),
    );
  });

  it('"*" stays inside one path component: it matches a name iff the name has no "/"', () => {
    fc.assert(
      fc.property(repository, (name) => {
        expect(matchGlob('*', name)).toBe(!name.includes('/'));
      }),
    );
  });

  it('one "*" per component matches exactly the names with that many components', () => {
    fc.assert(
      fc.property(repository, fc.integer({ min: 1, max: 5 }), (name, depth) => {
        const pattern = Array.from({ length: depth }, () => '*').join('/');
        expect(matchGlob(pattern, name)).toBe(name.split('/').length === depth);
      }),
    );
  });

  it('"<project>/**" matches everything under the project and nothing outside it', () => {
    fc.assert(
      fc.property(component, repository, component, (project, rest, other) => {
        expect(matchGlob(`${project}/**`, `${project}/${rest}`)).toBe(true);
        if (other !== project) expect(matchGlob(`${project}/**`, `${other}/${rest}`)).toBe(false);
      }),
    );
  });

  it('"<project>/*" matches one level only (src/* does not match src/a/b)', () => {
    fc.assert(
      fc.property(component, fc.array(component, { minLength: 1, maxLength: 4 }), (project, rest) => {
        expect(matchGlob(`${project}/*`, `${project}/${rest.join('/')}`)).toBe(rest.length === 1);
      }),
    );
  });

  it('"?" matches exactly one character of a component', () => {
    fc.assert(
      fc.property(component, (name) => {
        expect(matchGlob('?'.repeat(name.length), name)).toBe(true);
        expect(matchGlob('?'.repeat(name.length + 1), name)).toBe(false);
      }),
    );
  });

  it('"{a,b}" matches either alternative and nothing else', () => {
    fc.assert(
      fc.property(component, component, component, (a, b, c) => {
        expect(matchGlob(`{${a},${b}}`, a)).toBe(true);
        expect(matchGlob(`{${a},${b}}`, b)).toBe(true);
        if (c !== a && c !== b) expect(matchGlob(`{${a},${b}}`, c)).toBe(false);
      }),
    );
  });

  it('the name filter is the glob on the full "project/repository" name; an empty pattern matches all', () => {
    const pattern = fc.oneof(repository, fc.constantFrom('**', '*', '*/*', 'src/**', 'team/*/web', ''));
    fc.assert(
      fc.property(pattern, repository, (value, name) => {
        const expected = value === '' ? true : matchGlob(value, name);
        expect(repositoryMatchesFilters([{ type: 'name', value }], name)).toBe(expected);
      }),
    );
  });

  it('an untagged artifact is the empty tag: kept by "**" and "*", dropped by any pattern that needs a character', () => {
    fc.assert(
      fc.property(component, (prefix) => {
        const untagged = { tags: [], labels: [] };
        expect(selectArtifactTags([{ type: 'tag', value: '**', decoration: 'matches' }], untagged)).toEqual([
          '',
        ]);
        expect(selectArtifactTags([{ type: 'tag', value: '*', decoration: 'matches' }], untagged)).toEqual([
          '',
        ]);
        expect(
          selectArtifactTags([{ type: 'tag', value: `${prefix}*`, decoration: 'matches' }], untagged),
        ).toBeNull();
      }),
    );
  });
});
