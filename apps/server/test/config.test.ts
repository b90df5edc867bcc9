import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults and turns the demo on when no Harbor is configured', () => {
    const config = loadConfig({}, '/srv/wizard');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/wizard', './data'),
      secretKey: null,
      logLevel: 'info',
      trustProxy: false,
      demo: true,
      harborAllowlist: [],
      staticRoot: path.resolve('/srv/wizard', '../web/dist'),
      sessionIdleMinutes: 60,
      harborMaxResponseBytes: 8 * 1024 * 1024,
      harborProxyTimeoutMs: 120_000,
      watch: {
        pollMs: 30_000,
        runningPollMs: 5_000,
        stuckMs: 30 * 60_000,
        robotCheckMs: 60 * 60_000,
        archiveLimit: 2000,
        concurrency: 8,
      },
    });
  });

  it('reads the watch settings, decimals allowed for the intervals and the stuck threshold (e2e uses seconds)', () => {
    const config = loadConfig({
      WATCH_POLL_SECONDS: '1.5',
      WATCH_RUNNING_POLL_SECONDS: '2',
      WATCH_STUCK_MINUTES: '0.05',
      WATCH_ROBOT_CHECK_MINUTES: '0.5',
      WATCH_ARCHIVE_LIMIT: '500',
      WATCH_CONCURRENCY: '3',
    });
    expect(config.watch).toEqual({
      pollMs: 1500,
      runningPollMs: 2000,
      stuckMs: 3000,
      robotCheckMs: 30_000,
      archiveLimit: 500,
      concurrency: 3,
    });
  });

  it('refuses watch settings that would poll Harbor too often or archive nothing', () => {
    let error: unknown;
    try {
      loadConfig({
        WATCH_POLL_SECONDS: '0.5',
        WATCH_RUNNING_POLL_SECONDS: '0',
        WATCH_STUCK_MINUTES: '0.01',
        WATCH_ROBOT_CHECK_MINUTES: '0',
        WATCH_ARCHIVE_LIMIT: '1.5',
        WATCH_CONCURRENCY: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'WATCH_POLL_SECONDS: must be at least 1',
      'WATCH_RUNNING_POLL_SECONDS: must be at least 1',
      'WATCH_STUCK_MINUTES: must be at least 0.05 (3 seconds)',
      'WATCH_ROBOT_CHECK_MINUTES: must be at least 0.05 (3 seconds)',
      'WATCH_ARCHIVE_LIMIT: must be a whole number',
      'WATCH_CONCURRENCY: must be at least 1',
    ]);
  });

  it('turns the demo off by default once an allowlist of Harbors is configured, and parses the list', () => {
    const config = loadConfig({ HARBOR_ALLOWLIST: 'https://a.example.com/, https://b.example.com' });
    expect(config.demo).toBe(false);
    expect(config.harborAllowlist).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(loadConfig({ HARBOR_ALLOWLIST: 'https://a.example.com', DEMO: '1' }).demo).toBe(true);
  });

  it('reads SECRET_KEY as 32 bytes and flags', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({ SECRET_KEY: key, TRUST_PROXY: 'true', DEMO: 'off', PORT: '9000' });
    expect(config.secretKey?.toString('hex')).toBe(key);
    expect(config.trustProxy).toBe(true);
    expect(config.demo).toBe(false);
    expect(config.port).toBe(9000);
  });

  it('names every bad variable with what it must be', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        SECRET_KEY: 'short',
        LOG_LEVEL: 'loud',
        DEMO: 'maybe',
        HARBOR_ALLOWLIST: 'ftp://x',
        SESSION_IDLE_MINUTES: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'SECRET_KEY',
      'LOG_LEVEL',
      'DEMO',
      'HARBOR_ALLOWLIST',
      'SESSION_IDLE_MINUTES',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('64 hex characters');
  });
});

describe('alerting and metrics settings', () => {
  it('reads ALERT_WEBHOOKS as targets with stable ids, PUBLIC_URL and METRICS_TOKEN', () => {
    const env = {
      ALERT_WEBHOOKS:
        '[{"name":"ops","format":"slack","url":"https://hooks.slack.com/services/T/B/xyz"},{"name":"pager","url":"https://pager.example.com/hook"}]',
      PUBLIC_URL: 'https://wizard.example.com/',
      METRICS_TOKEN: 'a-long-enough-scrape-token',
    };
    const config = loadConfig(env);
    expect(config.alertWebhooks.map(({ name, format }) => ({ name, format }))).toEqual([
      { name: 'ops', format: 'slack' },
      { name: 'pager', format: 'json' },
    ]);
    expect(loadConfig(env).alertWebhooks.map((t) => t.id)).toEqual(config.alertWebhooks.map((t) => t.id));
    expect(config.publicUrl).toBe('https://wizard.example.com');
    expect(config.metricsToken).toBe('a-long-enough-scrape-token');
    expect(loadConfig({})).toMatchObject({ alertWebhooks: [], publicUrl: null, metricsToken: null });
  });

  it('refuses bad ALERT_WEBHOOKS without ever quoting a URL', () => {
    const secret = 'T0/B0/never-print-me';
    for (const raw of [
      `https://hooks.slack.com/services/${secret}`,
      `[{"name":"ops","url":"ftp://hooks.example.com/${secret}"}]`,
      `[{"name":"ops","url":"https://user:pw@hooks.example.com/${secret}"}]`,
      `[{"name":"ops","url":"https://a.example.com/${secret}"},{"name":"OPS","url":"https://b.example.com/${secret}"}]`,
      `[{"name":"ops","format":"teams","url":"https://a.example.com/${secret}"}]`,
    ]) {
      let error: unknown;
      try {
        loadConfig({ ALERT_WEBHOOKS: raw });
      } catch (e) {
        error = e;
      }
      expect(error, raw).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).toContain('ALERT_WEBHOOKS');
      expect(text).not.toContain('never-print-me');
    }
  });

  it('refuses a PUBLIC_URL that is not an http(s) address and a short METRICS_TOKEN', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'wizard.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
