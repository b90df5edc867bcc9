// The server's configuration: read from the environment once at start, validated with zod, and
// passed down explicitly (nothing else reads process.env).
import { createHash } from 'node:crypto';
import path from 'node:path';

import { alertFormatSchema } from '@hw/wizard-api';
import { z } from 'zod';

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v),
    'use 1/0, true/false, yes/no or on/off',
  )
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce
    .number()
    .int('must be a whole number')
    .min(0)
    .max(65_535, 'must be a port number (0–65535)')
    .default(8080),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  SECRET_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFlag.optional(),
  DEMO: booleanFlag.optional(),
  HARBOR_ALLOWLIST: z.string().optional(),
  STATIC_ROOT: z.string().trim().min(1, 'must not be empty').default('../web/dist'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_080, 'must be at most 10080 (a week)')
    .default(60),
  HARBOR_MAX_RESPONSE_MB: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1024, 'must be at most 1024')
    .default(8),
  HARBOR_PROXY_TIMEOUT_SECONDS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(3600, 'must be at most 3600 (an hour)')
    .default(120),
  PUBLIC_URL: z.string().optional(),
  ALERT_WEBHOOKS: z.string().optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)')
    .optional(),
  WATCH_POLL_SECONDS: z.coerce
    .number()
    .min(1, 'must be at least 1')
    .max(86_400, 'must be at most 86400 (a day)')
    .default(30),
  WATCH_RUNNING_POLL_SECONDS: z.coerce
    .number()
    .min(1, 'must be at least 1')
    .max(3600, 'must be at most 3600 (an hour)')
    .default(5),
  WATCH_STUCK_MINUTES: z.coerce
    .number()
    .min(0.05, 'must be at least 0.05 (3 seconds)')
    .max(10_080, 'must be at most 10080 (a week)')
    .default(30),
  WATCH_ROBOT_CHECK_MINUTES: z.coerce
    .number()
    .min(0.05, 'must be at least 0.05 (3 seconds)')
    .max(10_080, 'must be at most 10080 (a week)')
    .default(60),
  WATCH_ARCHIVE_LIMIT: z.coerce
    .number()
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .max(1_000_000, 'must be at most 1000000')
    .default(2000),
  WATCH_CONCURRENCY: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(256, 'must be at most 256')
    .default(8),
});

/** A webhook target from ALERT_WEBHOOKS: listed with origin `environment`, not deletable in the UI. */
export type EnvAlertTarget = { id: string; name: string; format: 'json' | 'slack'; url: string };

/** How the watch poller paces itself (see watch/poller.ts). */
export type WatchPollerConfig = {
  /** Between two polls of an idle rule. */
  pollMs: number;
  /** Between two polls while an execution of the rule runs. */
  runningPollMs: number;
  /** An InProgress execution whose counters have not moved for this long is stuck. */
  stuckMs: number;
  /** Between two reads of the replication robot's expiry (it changes rarely). */
  robotCheckMs: number;
  /** Executions archived per rule (the oldest are dropped). */
  archiveLimit: number;
  /** Polls at once across all Harbors (at most 2 per Harbor URL on top of that). */
  concurrency: number;
};

export type AppConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** 32 bytes from SECRET_KEY; when absent, a key file in DATA_DIR is used (see security/secret-key.ts). */
  secretKey: Buffer | null;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  /** Start two in-process Harbor simulators and offer them as "demo source" and "demo target". */
  demo: boolean;
  /** URL prefixes the server may talk to; empty = any Harbor (cloud metadata addresses are always refused). */
  harborAllowlist: string[];
  staticRoot: string;
  sessionIdleMinutes: number;
  /** Largest Harbor answer the server reads (a bigger one is refused, not buffered). */
  harborMaxResponseBytes: number;
  /** Overall time limit of one read through the Harbor proxy, streaming included. */
  harborProxyTimeoutMs: number;
  /** The wizard's address as operators reach it (alerts link to a watch there); null = no links. */
  publicUrl: string | null;
  /** Webhook targets set by the environment (ALERT_WEBHOOKS), beside those added in the UI. */
  alertWebhooks: EnvAlertTarget[];
  /** When set, GET /metrics wants `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  watch: WatchPollerConfig;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseAllowlist(raw: string | undefined): { list: string[]; problems: string[] } {
  const list: string[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      const url = new URL(entry);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      list.push(entry.replace(/\/+$/, ''));
    } catch {
      problems.push(
        `HARBOR_ALLOWLIST: "${entry}" is not an http(s) URL prefix such as https://harbor.example.com`,
      );
    }
  }
  return { list, problems };
}

function parsePublicUrl(raw: string | undefined): { url: string | null; problems: string[] } {
  const value = raw?.trim() ?? '';
  if (value === '') return { url: null, problems: [] };
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password)
      return { url: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), problems: [] };
  } catch {
    // reported below
  }
  return {
    url: null,
    problems: [
      'PUBLIC_URL: must be the http(s) address operators open the wizard at, e.g. https://wizard.example.com',
    ],
  };
}

const envAlertTargetSchema = z.object({
  name: z.string().trim().min(1).max(100),
  format: alertFormatSchema.default('json'),
  url: z.string().trim().max(2048),
});

/**
 * ALERT_WEBHOOKS: a JSON array of `{"name", "format": "json"|"slack", "url"}`. The URLs are
 * credentials: no problem reported here ever quotes one (nor the raw variable).
 */
function parseAlertWebhooks(raw: string | undefined): { targets: EnvAlertTarget[]; problems: string[] } {
  const value = raw?.trim() ?? '';
  if (value === '') return { targets: [], problems: [] };
  const shape =
    'ALERT_WEBHOOKS: must be a JSON array such as [{"name":"ops","format":"slack","url":"https://hooks.slack.com/services/…"}]';
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { targets: [], problems: [`${shape} (it is not valid JSON)`] };
  }
  const parsed = z.array(envAlertTargetSchema).max(20).safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    return { targets: [], problems: [`${shape} (check ${where || 'its shape'})`] };
  }
  const targets: EnvAlertTarget[] = [];
  const problems: string[] = [];
  parsed.data.forEach((entry, index) => {
    const label = `ALERT_WEBHOOKS[${index}] ("${entry.name}")`;
    let url: URL | null = null;
    try {
      url = new URL(entry.url);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(`${label}: url must be an http(s) URL`);
      return;
    }
    if (url.username || url.password) {
      problems.push(
        `${label}: url must not hold user:password@ (put the token where the receiver expects it)`,
      );
      return;
    }
    if (targets.some((t) => t.name.toLowerCase() === entry.name.toLowerCase())) {
      problems.push(`${label}: two targets have this name; names must differ`);
      return;
    }
    // Named after the target, so deliveries pending across a restart still find it.
    const id = `env-${createHash('sha256').update(entry.name.toLowerCase()).digest('hex').slice(0, 12)}`;
    targets.push({ id, name: entry.name, format: entry.format, url: url.toString() });
  });
  return { targets, problems };
}

/** Validates the environment; throws ConfigError listing every bad variable with what it must be. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): AppConfig {
  const cleaned = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(cleaned);
  const allow = parseAllowlist(cleaned.HARBOR_ALLOWLIST);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const publicUrl = parsePublicUrl(cleaned.PUBLIC_URL);
  const webhooks = parseAlertWebhooks(cleaned.ALERT_WEBHOOKS);
  problems.push(...allow.problems, ...publicUrl.problems, ...webhooks.problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    secretKey: e.SECRET_KEY ? Buffer.from(e.SECRET_KEY, 'hex') : null,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY ?? false,
    // Demo Harbors are the default only for a server that was not pointed at any Harbor.
    demo: e.DEMO ?? allow.list.length === 0,
    harborAllowlist: allow.list,
    staticRoot: path.resolve(cwd, e.STATIC_ROOT),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    harborMaxResponseBytes: e.HARBOR_MAX_RESPONSE_MB * 1024 * 1024,
    harborProxyTimeoutMs: e.HARBOR_PROXY_TIMEOUT_SECONDS * 1000,
    publicUrl: publicUrl.url,
    alertWebhooks: webhooks.targets,
    metricsToken: e.METRICS_TOKEN ?? null,
    watch: {
      pollMs: Math.round(e.WATCH_POLL_SECONDS * 1000),
      runningPollMs: Math.round(e.WATCH_RUNNING_POLL_SECONDS * 1000),
      stuckMs: Math.round(e.WATCH_STUCK_MINUTES * 60_000),
      robotCheckMs: Math.round(e.WATCH_ROBOT_CHECK_MINUTES * 60_000),
      archiveLimit: e.WATCH_ARCHIVE_LIMIT,
      concurrency: e.WATCH_CONCURRENCY,
    },
  };
}
