import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRON_PRESETS,
  describeCron,
  nextCronRuns,
  normalizeCronInput,
  parseHarborVersion,
  validateReplicationCron,
} from '../../src/index.ts';

const v2_8 = parseHarborVersion('v2.8.6')!;
const v2_9 = parseHarborVersion('v2.9.0')!;

describe('validateReplicationCron', () => {
  it.each(['0 0 2 * * *', '0 */15 * * * *', '0 30 1 * * MON-FRI', '0 0 0 1 jan,jul *', '0 0 3 * * sun'])(
    'accepts %s',
    (cron) => {
      expect(validateReplicationCron(cron)).toEqual({ ok: true });
    },
  );

  it('reports an empty string with Harbor message', () => {
    expect(validateReplicationCron('')).toEqual({
      ok: false,
      message: 'the cron string cannot be empty when the trigger type is scheduled',
    });
  });

  it.each([
    '0 0 * * *',
    '* * * * *',
    '@daily',
    '@every 1h',
    '0 0 2 * * * *',
    '0 60 * * * *',
    '0 0 24 * * *',
    '0 0 0 0 * *',
    '0 0 0 * 13 *',
    '0 0 0 * * 7',
    '0 0 0 * * MON-',
    '0 */0 * * * *',
    '0 5-1 * * * *',
    '0 1,,2 * * * *',
    '0 a * * * *',
  ])('refuses %s as unparsable, whatever it starts with', (cron) => {
    expect(validateReplicationCron(cron)).toEqual({
      ok: false,
      message: `invalid cron string for scheduled trigger: ${cron}`,
    });
  });

  it.each([
    '30 0 * * * *',
    '00 0 2 * * *',
    '*/1 0 * * * *',
    '0/30 0 * * * *',
    ' 0 0 2 * * *',
    '0\t0 2 * * *',
    'TZ=UTC 0 0 2 * * *',
  ])('refuses %j: the first single-space token must be literally "0"', (cron) => {
    expect(validateReplicationCron(cron)).toEqual({
      ok: false,
      message: 'the 1st field (indicating Seconds of time) of the cron setting must be 0',
    });
  });

  it('refuses a literal "*" in the minutes field', () => {
    expect(validateReplicationCron('0 * * * * *')).toEqual({
      ok: false,
      message: '* is not allowed for the Minutes field of the cron setting of replication policy',
    });
  });

  it('accepts what slips past the literal minutes check, as Harbor does', () => {
    for (const cron of ['0 */1 * * * *', '0 ? * * * *', '0 0-59 * * * *', '0  * * * * *']) {
      expect(validateReplicationCron(cron)).toEqual({ ok: true });
    }
  });

  it('only parses before Harbor 2.9', () => {
    expect(validateReplicationCron('*/5 * * * * *', v2_8)).toEqual({ ok: true });
    expect(validateReplicationCron('0 * * * * *', v2_8)).toEqual({ ok: true });
    expect(validateReplicationCron('*/5 * * * * *', v2_9).ok).toBe(false);
    expect(validateReplicationCron('0 0 * * *', v2_8).ok).toBe(false);
  });

  it('accepts robfig quirks: "+5", names in any case, "*-5" meaning "*"', () => {
    expect(validateReplicationCron('0 +5 1 * * *')).toEqual({ ok: true });
    expect(validateReplicationCron('0 0 1 * Feb Mon')).toEqual({ ok: true });
    expect(validateReplicationCron('0 0 1 *-5 * *')).toEqual({ ok: true });
  });
});

describe('nextCronRuns', () => {
  const from = new Date('2026-01-30T12:00:00Z');

  it('lists runs in UTC, strictly after the start', () => {
    expect(nextCronRuns('0 0 2 * * *', { count: 3, from }).map((d) => d.toISOString())).toEqual([
      '2026-01-31T02:00:00.000Z',
      '2026-02-01T02:00:00.000Z',
      '2026-02-02T02:00:00.000Z',
    ]);
    const atRun = new Date('2026-01-31T02:00:00Z');
    expect(nextCronRuns('0 0 2 * * *', { count: 1, from: atRun })[0]!.toISOString()).toBe(
      '2026-02-01T02:00:00.000Z',
    );
  });

  it('treats a restricted day of month and day of week as alternatives', () => {
    // 31 Jan 2026 is a Saturday; Mondays follow.
    expect(nextCronRuns('0 0 0 31 * MON', { count: 3, from }).map((d) => d.toISOString())).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-02T00:00:00.000Z',
      '2026-02-09T00:00:00.000Z',
    ]);
  });

  it('finds leap days and gives up on dates that never come', () => {
    expect(nextCronRuns('0 0 0 29 2 *', { count: 1, from })[0]!.toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(nextCronRuns('0 0 0 30 2 *', { count: 2, from })).toEqual([]);
  });

  it('returns nothing for an invalid cron', () => {
    expect(nextCronRuns('0 0 * * *', { count: 3, from })).toEqual([]);
  });

  it('agrees with cron-parser on expressions both understand the same way', () => {
    const num = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        num(min, max),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 2, max: 7 }).map((step) => `*/${step}`),
        fc
          .uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 })
          .map((values) => values.join(',')),
      );
    const days = fc.oneof(fc.tuple(field(1, 28), fc.constant('*')), fc.tuple(fc.constant('*'), field(0, 6)));
    fc.assert(
      fc.property(
        field(0, 59),
        field(0, 23),
        days,
        field(1, 12),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (minute, hour, [dom, dow], month, start) => {
          const cron = `0 ${minute} ${hour} ${dom} ${month} ${dow}`;
          const ours = nextCronRuns(cron, { count: 3, from: start }).map((d) => d.toISOString());
          const theirs = CronExpressionParser.parse(cron, { currentDate: start, tz: 'UTC' })
            .take(3)
            .map((d) => d.toDate().toISOString());
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('describeCron', () => {
  it('says when, in UTC', () => {
    expect(describeCron('0 0 2 * * *')).toBe('At 02:00 AM, every day (UTC)');
    expect(describeCron('0 */15 * * * *')).toBe('Every 15 minutes (UTC)');
    expect(describeCron('0 30 1 * * MON-FRI')).toBe('At 01:30 AM, Monday through Friday (UTC)');
    expect(describeCron('0 ? * * * *')).toBe('Every minute (UTC)');
  });

  it('describes nothing it cannot parse', () => {
    expect(describeCron('0 0 * * *')).toBe('');
  });
});

describe('normalizeCronInput', () => {
  it('prefixes a classic five-field cron with the seconds field, like the portal', () => {
    expect(normalizeCronInput('*/5 * * * *')).toBe('0 */5 * * * *');
    expect(normalizeCronInput(' 30 1 * * 1-5 ')).toBe('0 30 1 * * 1-5');
  });

  it('leaves six fields alone, but separates them by single spaces as Harbor splits them', () => {
    expect(normalizeCronInput('0 0 2 * * *')).toBe('0 0 2 * * *');
    expect(normalizeCronInput('0\t0 2 * * *')).toBe('0 0 2 * * *');
    // A double space would slip past Harbor's minutes rule and run every minute.
    expect(validateReplicationCron(normalizeCronInput('0  * * * * *')).ok).toBe(false);
  });

  it('writes out descriptors Harbor refuses', () => {
    expect(normalizeCronInput('@daily')).toBe('0 0 0 * * *');
    expect(normalizeCronInput('@hourly')).toBe('0 0 * * * *');
    expect(validateReplicationCron(normalizeCronInput('@weekly'))).toEqual({ ok: true });
  });
});

describe('CRON_PRESETS', () => {
  it('are all accepted by Harbor and run', () => {
    expect(CRON_PRESETS.map((p) => p.cron)).toEqual(expect.arrayContaining(['0 0 2 * * *', '0 0 * * * *']));
    expect(new Set(CRON_PRESETS.map((p) => p.id)).size).toBe(CRON_PRESETS.length);
    for (const preset of CRON_PRESETS) {
      expect(validateReplicationCron(preset.cron), preset.id).toEqual({ ok: true });
      expect(nextCronRuns(preset.cron, { count: 1 })).toHaveLength(1);
    }
  });
});
