import { describe, expect, it } from 'vitest';
import { checkGlobPattern, isSpecificPathComponent, matchGlob } from '../../src/index.ts';

describe('matchGlob (doublestar v1 Match, separator "/")', () => {
  it.each([
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', false],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['*x', 'xxx', true],
    ['a/**', 'a', false],
    ['a/**', 'a/b', true],
    ['a/**', 'a/b/c', true],
    ['**/c', 'c', true],
    ['**/c', 'b/c', true],
    ['**/c', 'a/b/c', true],
    ['**/c', 'a/b', false],
    ['**/c', 'abcd', false],
    ['**/c', 'a/abc', false],
    ['a/**/b', 'a/b', true],
    ['a/**/c', 'a/b/c', true],
    ['a/**/d', 'a/b/c/d', true],
    ['a/\\**', 'a/b/c', false],
    ['ab{c,d}', 'abc', true],
    ['ab{c,d,*}', 'abcde', true],
    ['ab{c,d}', 'abe', false],
    ['abc**', 'abc/b', false],
    ['**/abc', 'abc', true],
    ['a/{b/c,c/b}', 'a/b/c', true],
    ['a/{b/c,c/b}', 'a/c/b', true],
    ['{a/{b,c},abc}', 'a/b', true],
    ['{a/{b,c},abc}', 'a/c', true],
    ['{a/{b,c},abc}', 'abc', true],
    ['{a/{b,c},abc}', 'a/b/c', false],
    ['{a/ab*}', 'a/abc', true],
    ['{a/*}', 'a/b', true],
    ['{a/b,a/c}', 'a/c', true],
  ])('%s vs %s → %s', (pattern, name, expected) => {
    expect(matchGlob(pattern, name)).toBe(expected);
  });

  it('behaves as Harbor documents for replication filters', () => {
    expect(matchGlob('src/**', 'src/team/app')).toBe(true);
    expect(matchGlob('src/*', 'src/team/app')).toBe(false);
    expect(matchGlob('src/*', 'src/app')).toBe(true);
    expect(matchGlob('app', 'src/app')).toBe(false);
    expect(matchGlob('', 'anything/at/all')).toBe(true);
    // Untagged artifacts are matched as "".
    expect(matchGlob('**', '')).toBe(true);
    expect(matchGlob('*', '')).toBe(true);
    expect(matchGlob('v*', '')).toBe(false);
  });

  it.each([
    ['[]a]', ']'],
    ['[-]', '-'],
    ['[x-]', 'x'],
    ['[a-b-c]', 'a'],
    ['[', 'a'],
    ['[^', 'a'],
    ['[^bc', 'a'],
    ['a[', 'ab'],
    ['ab{c,d}[', 'abcd'],
    ['a\\', 'a'],
  ])('malformed %s matches nothing, and is reported before Harbor fails the run', (pattern, name) => {
    expect(matchGlob(pattern, name)).toBe(false);
    expect(checkGlobPattern(pattern).ok).toBe(false);
  });

  it('accepts well-formed patterns', () => {
    for (const pattern of ['', 'src/**', 'v[0-9]*', '{a,b}/c', 'a\\*', '[\\-x]']) {
      expect(checkGlobPattern(pattern)).toEqual({ ok: true });
    }
  });
});

describe('isSpecificPathComponent', () => {
  it('is true for components that name their values outright', () => {
    expect(isSpecificPathComponent('library')).toBe(true);
    expect(isSpecificPathComponent('{library,test}')).toBe(true);
    expect(isSpecificPathComponent('lib{a,b}x')).toBe(true);
  });

  it('is false for wildcards, classes, escapes, nested braces and empty components', () => {
    for (const component of ['', 'lib*', 'l?b', '[ab]', 'a\\b', 'a^', 'a/b', '{a{b,c}}', 'a,b', '}a{']) {
      expect(isSpecificPathComponent(component)).toBe(false);
    }
  });
});
