import { describe, expect, it } from 'vitest';
import {
  HARBOR_NAME_PATTERN,
  normalizeRegistryUrl,
  robotFullName,
  validateDestinationNamespace,
  validateProjectName,
  validateRegistryName,
  validateRobotName,
  validateRuleName,
} from '../../src/index.ts';

describe('project and robot names', () => {
  it('share Harbor pattern', () => {
    for (const name of ['dst', 'a', 'a.b-c_d', '0x1', 'repl-from-a'])
      expect(HARBOR_NAME_PATTERN.test(name)).toBe(true);
    for (const name of ['', 'Dst', 'a..b', '-a', 'a-', 'a+b', 'a$b', 'a b', 'a/b']) {
      expect(HARBOR_NAME_PATTERN.test(name)).toBe(false);
    }
  });

  it('report Harbor messages', () => {
    expect(validateProjectName('dst')).toEqual({ ok: true });
    expect(validateProjectName('Dst')).toEqual({
      ok: false,
      message: 'project name is not in lower case or contains illegal characters',
    });
    expect(validateProjectName('a'.repeat(255))).toEqual({ ok: true });
    expect(validateProjectName('a'.repeat(256))).toEqual({
      ok: false,
      message: 'project_name in body should be at most 255 chars long',
    });
    expect(validateRobotName('repl-from-a')).toEqual({ ok: true });
    expect(validateRobotName('dst+repl')).toEqual({
      ok: false,
      message: 'robot name is not in lower case or contains illegal characters',
    });
  });

  it('builds the full robot name with the configurable prefix', () => {
    expect(robotFullName('dst', 'repl-from-a')).toBe('robot$dst+repl-from-a');
    expect(robotFullName('dst', 'repl', 'bot_')).toBe('bot_dst+repl');
  });
});

describe('validateRegistryName', () => {
  it('needs a name of at most 64 bytes, any characters', () => {
    expect(validateRegistryName('harbor-b.example.com')).toEqual({ ok: true });
    expect(validateRegistryName('Harbor B (prod) ✓')).toEqual({ ok: true });
    expect(validateRegistryName('')).toEqual({ ok: false, message: 'name cannot be empty' });
    expect(validateRegistryName('x'.repeat(64))).toEqual({ ok: true });
    expect(validateRegistryName('x'.repeat(65))).toEqual({
      ok: false,
      message: 'the max length of name is 64',
    });
    // Go's len() counts bytes: 22 three-byte characters are 66 bytes.
    expect(validateRegistryName('✓'.repeat(22))).toEqual({
      ok: false,
      message: 'the max length of name is 64',
    });
  });
});

describe('validateDestinationNamespace', () => {
  it('accepts docker repository names, and nothing', () => {
    for (const ns of ['', 'dst', 'dst/team', 'a__b', 'a--b', 'registry.local:5000/dst']) {
      expect(validateDestinationNamespace(ns)).toEqual({ ok: true });
    }
  });

  it('refuses the rest with Harbor message', () => {
    for (const ns of ['Dst', 'dst/', '/dst', 'a..b', 'a b', 'dst:tag']) {
      expect(validateDestinationNamespace(ns)).toEqual({
        ok: false,
        message: `invalid destination namespace: ${ns}`,
      });
    }
  });

  it('answers quickly on long near-misses', () => {
    expect(validateDestinationNamespace(`${'a'.repeat(5000)}!`).ok).toBe(false);
  });
});

describe('validateRuleName', () => {
  it("uses Harbor's message for an empty name and says the pattern is the portal's", () => {
    expect(validateRuleName('a-to-b')).toEqual({ ok: true });
    expect(validateRuleName('')).toEqual({ ok: false, message: 'empty name' });
    const check = validateRuleName('A to B');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(/portal/);
  });
});

describe('normalizeRegistryUrl', () => {
  it.each([
    ['harbor.foo.com/', 'http://harbor.foo.com'],
    ['http://10.0.0.1/test.txt#/api/version', 'http://10.0.0.1/test.txt'],
    ['  https://harbor-b.example.com///  ', 'https://harbor-b.example.com'],
    ['https://admin:secret@harbor-b.example.com:8443/path?x=1', 'https://harbor-b.example.com:8443/path'],
    ['HTTPS://harbor-b.example.com', 'https://harbor-b.example.com'],
    ['https://[::1]:8443', 'https://[::1]:8443'],
  ])('%s → %s', (input, url) => {
    expect(normalizeRegistryUrl(input)).toEqual({ ok: true, url });
  });

  it('refuses what Harbor refuses', () => {
    expect(normalizeRegistryUrl('  / ')).toEqual({ ok: false, message: 'empty string' });
    expect(normalizeRegistryUrl('ftp://harbor')).toEqual({ ok: false, message: 'invalid HTTP scheme: ftp' });
    expect(normalizeRegistryUrl('http://harbor:port')).toEqual({
      ok: false,
      message: 'invalid URL: parse "http://harbor:port": invalid port ":port" after host',
    });
    expect(normalizeRegistryUrl('https://harbor/%zz').ok).toBe(false);
    expect(normalizeRegistryUrl('https://har\nbor').ok).toBe(false);
  });
});
