// Harbor's replication glob: util.Match (pkg/reg/util/pattern.go) = github.com/bmatcuk/doublestar
// v1.3.4 Match with separator "/", ported line for line because its corner cases differ from every
// JavaScript glob library ("src/**" does not match "src", "*" matches an empty component, {a,b}
// nests, ...), then memoised (see Matcher): the same answers, in polynomial time for every pattern.
import { fail, OK, type RuleCheck } from './rule-check.ts';

class BadPattern extends Error {}

/** Sentinel for Go's utf8.RuneError at the end of the string. */
const END = -1;

function decode(s: string, index: number): [rune: number, size: number] {
  if (index >= s.length) return [END, 0];
  const rune = s.codePointAt(index) ?? END;
  return [rune, rune > 0xffff ? 2 : 1];
}

const BACKSLASH = 0x5c;
const SLASH = 0x2f;

function indexRuneWithEscaping(s: string, r: string): number {
  const end = s.indexOf(r);
  if (end === -1) return -1;
  if (end > 0 && s.charCodeAt(end - 1) === BACKSLASH) {
    const start = end + r.length;
    const next = indexRuneWithEscaping(s.slice(start), r);
    return next === -1 ? -1 : next + start;
  }
  return end;
}

function splitPathOnSeparator(path: string, separator: string): string[] {
  if (!path.includes(separator)) return [path];
  const parts: string[] = [];
  let emptyEnd = false;
  for (let start = 0; start < path.length;) {
    let end = indexRuneWithEscaping(path.slice(start), separator);
    if (end === -1) {
      emptyEnd = false;
      end = path.length;
    } else {
      emptyEnd = true;
      end += start;
    }
    parts.push(path.slice(start, end));
    start = end + separator.length;
  }
  if (emptyEnd) parts.push('');
  return parts;
}

/** Splits "{a,b}rest" after the opening brace; returns the options and the index after "}". */
function splitAlternatives(s: string): [string[], number] | null {
  const options: string[] = [];
  let index = 0;
  let braces = 1;
  let escaped = false;
  let start = 0;
  while (braces > 0) {
    if (index >= s.length) return null;
    const [rune, size] = decode(s, index);
    if (escaped) escaped = false;
    else if (rune === BACKSLASH) escaped = true;
    else if (rune === 0x7b) braces++;
    else if (rune === 0x7d) braces--;
    else if (rune === 0x2c && braces === 1) {
      options.push(s.slice(start, index));
      start = index + size;
    }
    index += size;
  }
  options.push(s.slice(start, index - 1));
  return [options, index];
}

/** Reads a character class starting after "["; returns whether `rune` is in it. */
function matchClass(classRunes: readonly number[], rune: number): boolean {
  if (classRunes.length === 0) throw new BadPattern();
  let index = classRunes[0] === 0x5e ? 1 : 0;
  let matched = false;
  while (index < classRunes.length) {
    let low = classRunes[index++] ?? END;
    if (low === 0x2d) throw new BadPattern();
    if (low === BACKSLASH) {
      if (index >= classRunes.length) throw new BadPattern();
      low = classRunes[index++] ?? END;
    }
    let high = low;
    if (index < classRunes.length && classRunes[index] === 0x2d) {
      if (++index >= classRunes.length) throw new BadPattern();
      high = classRunes[index++] ?? END;
      if (high === 0x2d) throw new BadPattern();
      if (high === BACKSLASH) {
        if (index >= classRunes.length) throw new BadPattern();
        high = classRunes[index++] ?? END;
      }
    }
    if (low <= rune && rune <= high) matched = true;
  }
  return matched !== (classRunes[0] === 0x5e);
}

/**
 * Counts a match's steps and stops it past `limit`. The memoised matcher needs a number of steps
 * polynomial in the pattern and name lengths; tests pass a budget to prove that for hostile patterns.
 */
export class GlobStepBudget {
  steps = 0;
  constructor(readonly limit: number) {}

  spend(): void {
    if (++this.steps > this.limit) throw new Error(`glob matching needed more than ${this.limit} steps`);
  }
}

type ComponentResult = string[] | null;
/** A memoised BadPattern: the same call fails the same way again. */
const BAD = Symbol('bad pattern');

function memo<K, V>(cache: Map<K, V | typeof BAD>, key: K, compute: () => V): V {
  const known = cache.get(key);
  if (known === BAD) throw new BadPattern();
  if (known !== undefined) return known;
  try {
    const value = compute();
    cache.set(key, value);
    return value;
  } catch (error) {
    if (error instanceof BadPattern) cache.set(key, BAD);
    throw error;
  }
}

/** `memo` keyed by a pair. */
function memo2<K1, K2, V>(
  cache: Map<K1, Map<K2, V | typeof BAD>>,
  first: K1,
  second: K2,
  compute: () => V,
): V {
  let inner = cache.get(first);
  if (!inner) cache.set(first, (inner = new Map<K2, V | typeof BAD>()));
  return memo(inner, second, compute);
}

/**
 * doublestar's recursion with every (pattern, name) result remembered, its two loops (a star over
 * the rest of a component, "**" over the remaining depths) taken one remembered step at a time.
 * The calls only ever see suffixes of the name and of the pattern (braces expanded in place), so
 * the work is polynomial; without this a pattern such as "*".repeat(30) + "x" backtracks
 * exponentially and blocks the event loop.
 */
class Matcher {
  readonly #components = new Map<string, Map<string, ComponentResult | typeof BAD>>();
  readonly #paths = new Map<string, Map<number, boolean | typeof BAD>>();
  readonly #zeroLength = new Map<string, boolean | typeof BAD>();

  constructor(
    private readonly names: readonly string[],
    private readonly budget: GlobStepBudget | undefined,
  ) {}

  isZeroLengthPattern(pattern: string): boolean {
    return memo(this.#zeroLength, pattern, () => {
      this.budget?.spend();
      if (pattern === '' || pattern === '*' || pattern === '**') return true;
      if (pattern.startsWith('{')) {
        const split = splitAlternatives(pattern.slice(1));
        if (split === null) throw new BadPattern();
        const [options, end] = split;
        if (!this.isZeroLengthPattern(pattern.slice(1 + end))) return false;
        for (const option of options) {
          if (this.isZeroLengthPattern(option)) return true;
        }
      }
      return false;
    });
  }

  /**
   * Matches one name component. null: no match; []: the pattern is used up; otherwise the pattern
   * remainders to try against the next components.
   */
  matchComponent(pattern: string, name: string): ComponentResult {
    return memo2(this.#components, pattern, name, () => this.#matchComponent(pattern, name));
  }

  #matchComponent(pattern: string, name: string): ComponentResult {
    this.budget?.spend();
    let patIdx = 0;
    let nameIdx = 0;
    while (patIdx < pattern.length && nameIdx < name.length) {
      let [patRune, patAdj] = decode(pattern, patIdx);
      const [nameRune, nameAdj] = decode(name, nameIdx);
      if (patRune === SLASH) {
        patIdx++;
        break;
      } else if (patRune === BACKSLASH) {
        patIdx += patAdj;
        [patRune, patAdj] = decode(pattern, patIdx);
        if (patRune === END) throw new BadPattern();
        if (patRune !== nameRune) return null;
        patIdx += patAdj;
        nameIdx += nameAdj;
      } else if (patRune === 0x2a) {
        const star = patIdx;
        patIdx += patAdj;
        if (patIdx >= pattern.length) return [];
        [patRune, patAdj] = decode(pattern, patIdx);
        if (patRune === SLASH) return [pattern.slice(patIdx + patAdj)];
        // doublestar loops over every rest of the name and keeps the first match. The same, one
        // step at a time: here, or else this star again from the next character (remembered).
        const m = this.matchComponent(pattern.slice(patIdx), name.slice(nameIdx));
        if (m !== null) return m;
        nameIdx += nameAdj;
        return nameIdx < name.length ? this.matchComponent(pattern.slice(star), name.slice(nameIdx)) : null;
      } else if (patRune === 0x5b) {
        patIdx += patAdj;
        let endClass = indexRuneWithEscaping(pattern.slice(patIdx), ']');
        if (endClass === -1) throw new BadPattern();
        endClass += patIdx;
        const classRunes = Array.from(pattern.slice(patIdx, endClass), (c) => c.codePointAt(0) ?? END);
        if (!matchClass(classRunes, nameRune)) return null;
        patIdx = endClass + 1;
        nameIdx += nameAdj;
      } else if (patRune === 0x7b) {
        patIdx += patAdj;
        const split = splitAlternatives(pattern.slice(patIdx));
        if (split === null) throw new BadPattern();
        const [options, end] = split;
        patIdx += end;
        let results: string[] | null = null;
        for (const option of options) {
          const m = this.matchComponent(option + pattern.slice(patIdx), name.slice(nameIdx));
          if (m === null) continue;
          results ??= [];
          // doublestar lists a remainder once per alternative that yields it; trying it twice
          // gives the same answer, and keeping duplicates grows the list exponentially.
          for (const remainder of m) if (!results.includes(remainder)) results.push(remainder);
        }
        return results;
      } else if (patRune === 0x3f || patRune === nameRune) {
        patIdx += patAdj;
        nameIdx += nameAdj;
      } else {
        return null;
      }
    }
    if (nameIdx >= name.length) {
      if (patIdx >= pattern.length) return [];
      const rest = pattern.slice(patIdx);
      const slashIdx = indexRuneWithEscaping(rest, '/');
      const head = slashIdx >= 0 ? rest.slice(0, slashIdx) : rest;
      if (this.isZeroLengthPattern(head)) return slashIdx === -1 ? [] : [rest.slice(slashIdx + 1)];
    }
    return null;
  }

  /** doMatching(pattern, names[from:]). */
  matchPath(pattern: string, from: number): boolean {
    return memo2(this.#paths, pattern, from, () => this.#matchPath(pattern, from));
  }

  #matchPath(pattern: string, from: number): boolean {
    this.budget?.spend();
    const { names } = this;
    const remaining = names.length - from;
    if (pattern.length === 0) {
      if (remaining === 0) return true;
      if (remaining === 1 && names[from] === '') return true;
    }
    let slashIdx = indexRuneWithEscaping(pattern, '/');
    const lastComponent = slashIdx === -1;
    if (lastComponent) slashIdx = pattern.length;
    if (pattern.slice(0, slashIdx) === '**') {
      if (lastComponent) return true;
      if (from >= names.length) return false;
      // doublestar tries the rest at every remaining depth, ignoring errors on this path. The same,
      // one depth at a time: here, or else this "**" again one component further (remembered).
      try {
        if (this.matchPath(pattern.slice(slashIdx + 1), from)) return true;
      } catch (error) {
        if (!(error instanceof BadPattern)) throw error;
      }
      return this.matchPath(pattern, from + 1);
    }
    const matches = this.matchComponent(pattern, names[from] ?? '');
    if (matches === null) return false;
    if (matches.length === 0 && remaining === 1) return true;
    if (remaining > 1) {
      for (const alternative of matches) {
        if (this.matchPath(alternative, from + 1)) return true;
      }
    }
    return false;
  }
}

/** doublestar.Match, with ErrBadPattern as an exception. */
function doublestarMatch(pattern: string, name: string, budget: GlobStepBudget | undefined): boolean {
  return new Matcher(splitPathOnSeparator(name, '/'), budget).matchPath(pattern, 0);
}

/**
 * Harbor's util.Match: "" matches everything. A malformed pattern matches nothing here; Harbor
 * fails the whole execution when it meets one (see checkGlobPattern).
 */
export function matchGlob(pattern: string, name: string, budget?: GlobStepBudget): boolean {
  if (pattern.length === 0) return true;
  try {
    return doublestarMatch(pattern, name, budget);
  } catch (error) {
    if (error instanceof BadPattern) return false;
    throw error;
  }
}

/**
 * Harbor stores any filter pattern, but doublestar refuses a malformed one at run time and the
 * execution fails. This finds those patterns before the rule is saved.
 */
export function checkGlobPattern(pattern: string): RuleCheck {
  const bad = (why: string) => fail(`"${pattern}" is not a valid pattern: ${why}`);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) return bad('it ends with an escaping backslash');
      i++;
    } else if (c === '[') {
      const end = indexRuneWithEscaping(pattern.slice(i + 1), ']');
      if (end === -1) return bad('a "[" has no closing "]"');
      try {
        matchClass(
          Array.from(pattern.slice(i + 1, i + 1 + end), (ch) => ch.codePointAt(0) ?? END),
          0,
        );
      } catch {
        return bad('a character class is empty or has a malformed range');
      }
      i += end + 1;
    } else if (c === '{') {
      if (splitAlternatives(pattern.slice(i + 1)) === null) return bad('a "{" has no closing "}"');
    }
  }
  return OK;
}

/**
 * Harbor's util.IsSpecificPathComponent: a component that names its values outright ("library",
 * "{a,b}"), which lets Harbor list only those projects instead of every visible one.
 */
export function isSpecificPathComponent(component: string): boolean {
  if (component.length === 0) return false;
  if (/[*?[\\\]^/]/.test(component)) return false;
  if (!/[{},]/.test(component)) return true;
  if ((component.match(/\{/g) ?? []).length > 1) return false;
  const open = component.indexOf('{');
  const close = component.lastIndexOf('}');
  return open !== -1 && close !== -1 && open <= close;
}
