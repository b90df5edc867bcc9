import { describe, expect, it } from 'vitest';
import {
  checkSupportedVersion,
  executionProgress,
  harborCapabilities,
  HARBOR_ZERO_TIME,
  isFinalExecutionStatus,
  isZeroTime,
  parseHarborTime,
  parseHarborVersion,
  parseTaskResource,
} from '../../src/index.ts';

describe('parseHarborVersion', () => {
  it('reads systeminfo, /api/version and plain versions', () => {
    expect(parseHarborVersion('v2.15.2-080b0220')).toEqual({
      major: 2,
      minor: 15,
      patch: 2,
      raw: 'v2.15.2-080b0220',
    });
    expect(parseHarborVersion('v2.0')).toEqual({ major: 2, minor: 0, patch: 0, raw: 'v2.0' });
    expect(parseHarborVersion('2.9.1')).toMatchObject({ major: 2, minor: 9, patch: 1 });
    expect(parseHarborVersion('v2.10.0-rc1')).toMatchObject({ major: 2, minor: 10, patch: 0 });
  });

  it('refuses what is not a version', () => {
    for (const raw of ['', 'dev', 'v2', 'latest-2.1']) expect(parseHarborVersion(raw)).toBeNull();
  });
});

describe('harborCapabilities', () => {
  const at = (raw: string) => harborCapabilities(parseHarborVersion(raw)!);

  it('switches each feature on at the version that introduced it', () => {
    expect(at('v2.2.0')).toMatchObject({ robotV2: true, destNamespaceReplaceCount: false, speed: false });
    expect(at('v2.3.0').destNamespaceReplaceCount).toBe(true);
    expect(at('v2.4.0').speed).toBe(true);
    expect(at('v2.6.9').copyByChunk).toBe(false);
    expect(at('v2.7.0')).toMatchObject({ copyByChunk: true, chartResourceFilter: true });
    expect(at('v2.8.0').chartResourceFilter).toBe(false);
    expect(at('v2.8.6')).toMatchObject({ cronSecondsRule: false, customRobotSecretRules: false });
    expect(at('v2.9.0')).toMatchObject({
      cronSecondsRule: true,
      customRobotSecretRules: true,
      permissionsApi: false,
    });
    expect(at('v2.10.0').permissionsApi).toBe(true);
    expect(at('v2.12.4').versionHiddenFromAnonymous).toBe(false);
    expect(at('v2.13.0').versionHiddenFromAnonymous).toBe(true);
    expect(at('v2.14.0')).toMatchObject({ singleActiveReplication: true, registryCaCertificate: false });
    expect(Object.values(at('v2.15.2')).filter((on) => !on)).toEqual([false]); // only chartResourceFilter
  });
});

describe('checkSupportedVersion', () => {
  it('refuses 1.x, 2.0, 2.1 and an unknown version with a clear message', () => {
    for (const raw of ['v1.10.3', 'v2.0.0', 'v2.1.6']) {
      const check = checkSupportedVersion(parseHarborVersion(raw));
      expect(check.ok).toBe(false);
      expect(!check.ok && check.message).toContain('2.2');
    }
    expect(checkSupportedVersion(null).ok).toBe(false);
  });

  it('accepts 2.2 and later', () => {
    expect(checkSupportedVersion(parseHarborVersion('v2.2.0'))).toEqual({ ok: true });
    expect(checkSupportedVersion(parseHarborVersion('v2.15.2-080b0220'))).toEqual({ ok: true });
  });
});

describe('executions', () => {
  it('knows which statuses are final', () => {
    expect(['Succeed', 'Failed', 'Stopped'].every(isFinalExecutionStatus)).toBe(true);
    expect(isFinalExecutionStatus('InProgress')).toBe(false);
    expect(isFinalExecutionStatus(undefined)).toBe(false);
  });

  it('computes progress from the task counters', () => {
    expect(executionProgress({ total: 3, succeed: 1, failed: 0, stopped: 0, in_progress: 2 })).toEqual({
      done: 1,
      total: 3,
      percent: 33,
    });
    expect(executionProgress({ total: 4, succeed: 2, failed: 1, stopped: 1, in_progress: 0 })).toEqual({
      done: 4,
      total: 4,
      percent: 100,
    });
    expect(executionProgress({ total: 0 })).toEqual({ done: 0, total: 0, percent: 0 });
    expect(executionProgress({ total: 200, succeed: 199, in_progress: 1 }).percent).toBe(99);
  });

  it('splits task resources', () => {
    expect(parseTaskResource('src/app [2 item(s) in total]')).toEqual({ repository: 'src/app', items: 2 });
    expect(parseTaskResource('dst/team/app [0 item(s) in total]')).toEqual({
      repository: 'dst/team/app',
      items: 0,
    });
    expect(parseTaskResource('src/app')).toBeNull();
  });

  it("recognises Go's zero time", () => {
    expect(isZeroTime(HARBOR_ZERO_TIME)).toBe(true);
    expect(isZeroTime('0001-01-01T00:00:00Z')).toBe(true);
    expect(isZeroTime(undefined)).toBe(true);
    expect(isZeroTime('2026-08-21T05:58:10.123Z')).toBe(false);
  });
});

describe('parseHarborTime', () => {
  it('gives null for the zero time, missing, empty and garbage values, and the instant otherwise', () => {
    for (const value of [HARBOR_ZERO_TIME, '', undefined, null, 'garbage'])
      expect(parseHarborTime(value)).toBeNull();
    expect(parseHarborTime('2026-08-21T05:58:10.123Z')?.toISOString()).toBe('2026-08-21T05:58:10.123Z');
  });
});
