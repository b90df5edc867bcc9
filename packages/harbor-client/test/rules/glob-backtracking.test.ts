// A filter pattern is typed by whoever uses the wizard. doublestar's recursion backtracks
// exponentially on some patterns ("*" repeated, "**/" repeated) and one preview blocked the server
// for seconds to hours. Each case runs under a step budget: a matcher that backtracks throws long
// before it could hang the test, and the answer must still be doublestar's.
import { describe, expect, it } from 'vitest';

import { GlobStepBudget, matchGlob, selectArtifactTags } from '../../src/index.ts';

// Far above what the memoised matcher needs for these inputs (see the step counts asserted below),
// far below what backtracking needs (34 stars over 30 characters: ~10^9 calls).
const BUDGET = 1_000_000;

function match(pattern: string, name: string): { matched: boolean; steps: number } {
  const budget = new GlobStepBudget(BUDGET);
  const matched = matchGlob(pattern, name, budget);
  return { matched, steps: budget.steps };
}

describe('event-loop freeze: filter patterns built to make the glob matcher backtrack', () => {
  it('a name filter "library/" + 34 "*" + "x" answers without backtracking', () => {
    const pattern = `library/${'*'.repeat(34)}x`;
    expect(match(pattern, `library/${'a'.repeat(40)}`).matched).toBe(false);
    expect(match(pattern, `library/${'a'.repeat(40)}x`).matched).toBe(true);
    expect(match(pattern, `library/x`).matched).toBe(true);
    expect(match(pattern, `library/${'a'.repeat(40)}/x`).matched).toBe(false);
  });

  it('a name filter of 300 "**/" + "x" answers without backtracking', () => {
    const pattern = `${'**/'.repeat(300)}x`;
    const deep = Array.from({ length: 40 }, (_, i) => `c${i}`).join('/');
    expect(match(pattern, `${deep}/y`).matched).toBe(false);
    expect(match(pattern, `${deep}/x`).matched).toBe(true);
    expect(match(pattern, 'x').matched).toBe(true);
  });

  it('a tag filter of 30 "*" + "x" answers without backtracking, for every tag of an artifact', () => {
    const pattern = `${'*'.repeat(30)}x`;
    expect(match(pattern, 'v'.repeat(60)).matched).toBe(false);
    expect(match(pattern, `${'v'.repeat(60)}x`).matched).toBe(true);
    const artifact = { tags: ['1'.repeat(50), '2'.repeat(50), 'latest'], labels: [] };
    expect(selectArtifactTags([{ type: 'tag', value: pattern, decoration: 'excludes' }], artifact)).toEqual(
      artifact.tags,
    );
  });

  it('stars, alternatives and classes mixed stay polynomial, with doublestar answers', () => {
    const name = `${'ab'.repeat(60)}/c`;
    expect(match(`${'{a,b,*}'.repeat(12)}z/c`, name).matched).toBe(false);
    expect(match(`${'{a,b,*}'.repeat(12)}/c`, name).matched).toBe(true);
    expect(match(`${'*[ab]?'.repeat(20)}q`, name.slice(0, 120)).matched).toBe(false);
    // Inside braces "**" is two stars of one component, not "any depth".
    expect(match(`${'{*,**}/'.repeat(40)}c`, `${'d/'.repeat(40)}c`).matched).toBe(true);
    expect(match(`${'{*,**}/'.repeat(40)}c`, `${'d/'.repeat(60)}c`).matched).toBe(false);
  });

  it('needs a number of steps polynomial in the lengths: doubling the name at most quadruples them', () => {
    const steps = (n: number) => match(`${'*'.repeat(20)}x`, 'a'.repeat(n)).steps;
    expect(steps(80)).toBeLessThanOrEqual(4 * steps(40) + 100);
  });
});
