import { describe, expect, it } from 'vitest';
import { HARBOR_ZERO_TIME, isZeroHarborTime, parseHarborTime } from '../../src/client/harbor-time.ts';

describe('Harbor timestamps', () => {
  it('treats Go’s zero time, empty and missing values as "no time"', () => {
    expect(isZeroHarborTime(HARBOR_ZERO_TIME)).toBe(true);
    expect(isZeroHarborTime('0001-01-01T00:00:00Z')).toBe(true);
    for (const value of [HARBOR_ZERO_TIME, '', undefined, null, 'garbage']) expect(parseHarborTime(value)).toBeNull();
  });

  it('parses a real RFC3339 timestamp with milliseconds', () => {
    expect(parseHarborTime('2026-08-21T05:58:10.123Z')?.toISOString()).toBe('2026-08-21T05:58:10.123Z');
  });
});
