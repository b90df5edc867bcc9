// Harbor's clock from the `Date` header of its answers: how far it runs ahead of the server's.
import { describe, expect, it } from 'vitest';

import { clockSkewSeconds } from '../../src/watch/harbor-clock.ts';

const RECEIVED = Date.parse('2026-12-06T06:00:00.400Z');

describe('clockSkewSeconds', () => {
  it('a Harbor four days ahead, or an hour behind, in whole seconds', () => {
    expect(clockSkewSeconds('Thu, 10 Dec 2026 06:00:00 GMT', RECEIVED)).toBe(4 * 86_400);
    expect(clockSkewSeconds('Sun, 06 Dec 2026 05:00:00 GMT', RECEIVED)).toBe(-3600);
  });

  it('a clock that agrees with ours is 0: the header has whole seconds and the answer takes its time', () => {
    expect(clockSkewSeconds('Sun, 06 Dec 2026 06:00:00 GMT', RECEIVED)).toBe(0);
    expect(clockSkewSeconds('Sun, 06 Dec 2026 05:59:57 GMT', RECEIVED)).toBe(0);
    expect(clockSkewSeconds('Sun, 06 Dec 2026 06:00:10 GMT', RECEIVED)).toBe(10);
  });

  it('no header, or one that is not a date: unknown', () => {
    expect(clockSkewSeconds(null, RECEIVED)).toBeNull();
    expect(clockSkewSeconds('', RECEIVED)).toBeNull();
    expect(clockSkewSeconds('yesterday', RECEIVED)).toBeNull();
  });
});
