// When the poller asks Harbor again (normal interval, faster while a run is in progress, backoff
// with jitter after failures, capped), and how much of a failed task's log it keeps.
import { describe, expect, it } from 'vitest';

import { LOG_TAIL_BYTES, LOG_TAIL_LINES, firstLogError, logTail } from '../../src/watch/poll-rule.ts';
import { nextSchedule } from '../../src/watch/poller.ts';
import { testConfig } from '../helpers.ts';

const { watch } = testConfig();
const NOW = 1_000_000;

describe('nextSchedule', () => {
  it('after a good poll: the interval, 5 s while a run is in progress, failures reset', () => {
    expect(nextSchedule(watch, NOW, { ok: true, running: false, previousFailures: 3 }, Math.random)).toEqual({
      nextPollAt: NOW + 30_000,
      pollFailures: 0,
    });
    expect(nextSchedule(watch, NOW, { ok: true, running: true, previousFailures: 0 }, Math.random)).toEqual({
      nextPollAt: NOW + 5_000,
      pollFailures: 0,
    });
  });

  it.each<[number, number]>([
    [0, 60_000],
    [1, 120_000],
    [2, 240_000],
    [3, 480_000],
    [4, 600_000],
    [20, 600_000],
  ])('after %s earlier failures, the next is min(30 s × 2^failures, 10 min) × jitter', (previous, base) => {
    const at = (random: number) =>
      nextSchedule(watch, NOW, { ok: false, running: false, previousFailures: previous }, () => random)
        .nextPollAt - NOW;
    expect(at(0.5)).toBe(base);
    expect(at(0)).toBe(base * 0.8);
    expect(at(0.999_999)).toBeCloseTo(base * 1.2, -1);
    // An unreachable Harbor is never asked sooner than a healthy one.
    expect(at(0)).toBeGreaterThan(watch.pollMs);
    expect(
      nextSchedule(watch, NOW, { ok: false, running: true, previousFailures: previous }, () => 0.5)
        .pollFailures,
    ).toBe(previous + 1);
  });
});

describe('log tails', () => {
  it(`keeps the last ${LOG_TAIL_LINES} lines`, () => {
    const log = `${Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')}\n`;
    expect(logTail(log).split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 30}`));
  });

  it(`keeps at most ${LOG_TAIL_BYTES} bytes, cut at a line`, () => {
    const log = Array.from({ length: 10 }, (_, i) => `${i}${'é'.repeat(600)}`).join('\n');
    const tail = logTail(log);
    expect(Buffer.byteLength(tail, 'utf8')).toBeLessThanOrEqual(LOG_TAIL_BYTES);
    expect(tail.startsWith('7')).toBe(true);
    expect(tail.endsWith('é')).toBe(true);
  });

  it('a single huge line is cut to the byte bound too', () => {
    expect(Buffer.byteLength(logTail('x'.repeat(100_000)), 'utf8')).toBe(LOG_TAIL_BYTES);
    const accents = logTail(`a${'é'.repeat(5000)}`);
    expect(Buffer.byteLength(accents, 'utf8')).toBeLessThanOrEqual(LOG_TAIL_BYTES);
    expect(accents).toMatch(/^é+$/);
  });

  it('finds the first error line of a jobservice log without its time and source file', () => {
    const tail = [
      '2026-12-06T06:10:38Z [INFO] [/controller/replication/transfer/image/transfer.go]: copying library/alpine',
      '2026-12-06T06:10:38Z [ERROR] [/controller/replication/transfer/image/transfer.go]: failed to check the existence of the manifest dst/alpine:1: http status code: 403, body: ',
      '2026-12-06T06:10:38Z [ERROR] [/controller/replication/transfer/image/transfer.go]: got error during the whole transfer period, mark the job failure',
    ].join('\n');
    expect(firstLogError(tail)).toBe(
      'failed to check the existence of the manifest dst/alpine:1: http status code: 403, body:',
    );
    expect(firstLogError('2026-12-06T06:10:38Z [INFO] all good')).toBeNull();
    expect(firstLogError(null)).toBeNull();
  });
});
