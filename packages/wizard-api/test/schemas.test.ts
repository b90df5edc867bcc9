import { describe, expect, it } from 'vitest';

import {
  chooseProjectRequestSchema,
  connectRequestSchema,
  createEndpointRequestSchema,
  createRobotRequestSchema,
  previewRequestSchema,
  ruleDraftSchema,
  type RuleDraftInput,
} from '../src/index.ts';

const baseRule: RuleDraftInput = {
  name: 'src-to-dst',
  filters: { name: 'src/**', tag: { decoration: 'matches', pattern: 'v*' } },
  destination: { namespace: 'dst', replaceCount: 1 },
  trigger: { type: 'scheduled', cron: '0 0 2 * * *' },
  bandwidth: { unlimited: true },
};

function messages(result: {
  success: boolean;
  error?: { issues: { message: string; path: PropertyKey[] }[] };
}) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('rule draft', () => {
  it('accepts the document’s rule and fills the portal’s defaults (override and enable on)', () => {
    const rule = ruleDraftSchema.parse(baseRule);
    expect(rule.override).toBe(true);
    expect(rule.enabled).toBe(true);
    expect(rule.deletion).toBe(false);
  });

  it('rejects the cron strings Harbor rejects, with Harbor’s own words', () => {
    const everyMinute = ruleDraftSchema.safeParse({
      ...baseRule,
      trigger: { type: 'scheduled', cron: '0 * * * * *' },
    });
    expect(messages(everyMinute)).toEqual([
      'trigger.cron: * is not allowed for the Minutes field of the cron setting of replication policy',
    ]);
    const seconds = ruleDraftSchema.safeParse({
      ...baseRule,
      trigger: { type: 'scheduled', cron: '30 0 2 * * *' },
    });
    expect(messages(seconds)).toEqual([
      'trigger.cron: the 1st field (indicating Seconds of time) of the cron setting must be 0',
    ]);
    const fiveFields = ruleDraftSchema.safeParse({
      ...baseRule,
      trigger: { type: 'scheduled', cron: '0 2 * * *' },
    });
    expect(messages(fiveFields)).toEqual([
      'trigger.cron: invalid cron string for scheduled trigger: 0 2 * * *',
    ]);
  });

  it('does not validate the cron of a manual rule (Harbor only checks scheduled triggers)', () => {
    expect(
      ruleDraftSchema.safeParse({ ...baseRule, trigger: { type: 'manual', cron: 'garbage' } }).success,
    ).toBe(true);
  });

  it('refuses deletion outside event-based rules and single-active with event-based', () => {
    expect(messages(ruleDraftSchema.safeParse({ ...baseRule, deletion: true }))[0]).toMatch(
      /^deletion: .*event-based/,
    );
    const event = ruleDraftSchema.safeParse({
      ...baseRule,
      trigger: { type: 'event_based', cron: '' },
      deletion: true,
      singleActiveReplication: true,
    });
    expect(messages(event)).toHaveLength(1);
    expect(messages(event)[0]).toMatch(/^singleActiveReplication: /);
  });

  it('rejects a destination namespace Harbor rejects and asks for a bandwidth when not unlimited', () => {
    const result = ruleDraftSchema.safeParse({
      ...baseRule,
      destination: { namespace: 'Dst!', replaceCount: 1 },
      bandwidth: { unlimited: false, unit: 'Mbps' },
    });
    const found = messages(result);
    expect(found.some((m) => m.startsWith('destination.namespace: invalid destination namespace'))).toBe(
      true,
    );
    expect(found.some((m) => m.startsWith('bandwidth.value: '))).toBe(true);
  });
});

describe('event-loop freeze: filter patterns built to be expensive to match', () => {
  it('refuses a pattern longer than 255 characters or with more than 32 wildcards, saying which', () => {
    const tooLong = ruleDraftSchema.safeParse({
      ...baseRule,
      filters: { name: `library/${'a'.repeat(250)}` },
    });
    expect(messages(tooLong)).toEqual([
      'filters.name: The name filter is longer than 255 characters; shorten it.',
    ]);
    const starry = ruleDraftSchema.safeParse({
      ...baseRule,
      filters: { name: 'src/**', tag: { decoration: 'matches', pattern: `${'*'.repeat(30)}x??????` } },
    });
    expect(messages(starry)).toHaveLength(1);
    expect(messages(starry)[0]).toMatch(/^filters\.tag\.pattern: The tag filter has more than 32 wildcards/);
    expect(
      previewRequestSchema.safeParse({
        filters: { name: `${'**/'.repeat(300)}x` },
        destination: { namespace: '', replaceCount: 1 },
      }).success,
    ).toBe(false);
  });

  it('still accepts real filters at the limits', () => {
    const rule = ruleDraftSchema.safeParse({
      ...baseRule,
      filters: { name: `${'a'.repeat(223)}${'*'.repeat(32)}`, tag: { decoration: 'matches', pattern: 'v*' } },
    });
    expect(rule.success).toBe(true);
  });
});

describe('step inputs', () => {
  it('robot names follow Harbor’s pattern (no upper case, no + or $)', () => {
    const ok = { name: 'repl-from-a', duration: -1 };
    expect(createRobotRequestSchema.safeParse(ok).success).toBe(true);
    for (const name of ['Repl', 'robot$x', 'a+b', '-lead', '']) {
      expect(createRobotRequestSchema.safeParse({ ...ok, name }).success, name).toBe(false);
    }
    expect(createRobotRequestSchema.safeParse({ ...ok, duration: 0 }).success).toBe(false);
  });

  it('project names follow Harbor’s pattern', () => {
    expect(chooseProjectRequestSchema.safeParse({ name: 'dst', create: true }).success).toBe(true);
    expect(chooseProjectRequestSchema.safeParse({ name: 'Dst', create: true }).success).toBe(false);
    expect(chooseProjectRequestSchema.safeParse({ name: 'a__b', create: true }).success).toBe(false);
  });

  it('connect needs a full http(s) URL and both credentials; TLS defaults to verify', () => {
    const parsed = connectRequestSchema.parse({
      url: 'https://harbor.example.com',
      username: 'admin',
      password: 'x',
    });
    expect(parsed.tls).toEqual({ mode: 'verify' });
    expect(
      connectRequestSchema.safeParse({ url: 'harbor.example.com', username: 'a', password: 'x' }).success,
    ).toBe(false);
    expect(connectRequestSchema.safeParse({ url: 'ftp://h', username: 'a', password: 'x' }).success).toBe(
      false,
    );
    expect(
      connectRequestSchema.safeParse({
        url: 'https://h',
        username: 'a',
        password: 'x',
        tls: { mode: 'ca', caPem: 'nope' },
      }).success,
    ).toBe(false);
  });

  it('endpoint names are limited to 64 characters like Harbor’s', () => {
    const base = { name: 'x'.repeat(64), url: 'https://harbor-b.example.com' };
    expect(createEndpointRequestSchema.safeParse(base).success).toBe(true);
    expect(createEndpointRequestSchema.safeParse({ ...base, name: 'x'.repeat(65) }).success).toBe(false);
  });
});
