// Shared test plumbing: a config in a fresh temp DATA_DIR, a captured log, and a browser-like client
// that keeps the session cookie and sends the CSRF token, driving the app with app.inject.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Readable, Writable } from 'node:stream';

import { freeLoopbackPort } from '@hw/harbor-sim';
import { CSRF_HEADER, apiPaths } from '@hw/wizard-api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

import type { BuildOptions } from '../src/app.ts';
import { buildApp } from '../src/app.ts';
import type { AppConfig } from '../src/config.ts';
import { SESSION_COOKIE } from '../src/plugins/session.ts';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hw-server-test-'));
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir(),
    secretKey: randomBytes(32),
    logLevel: 'info',
    trustProxy: false,
    demo: false,
    harborAllowlist: [],
    staticRoot: path.join(tempDir(), 'no-web-build'),
    sessionIdleMinutes: 60,
    harborMaxResponseBytes: 8 * 1024 * 1024,
    harborProxyTimeoutMs: 120_000,
    publicUrl: null,
    alertWebhooks: [],
    metricsToken: null,
    watch: {
      pollMs: 30_000,
      runningPollMs: 5_000,
      stuckMs: 30 * 60_000,
      robotCheckMs: 60 * 60_000,
      archiveLimit: 2000,
      concurrency: 8,
    },
    ...overrides,
  };
}

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export async function makeApp(
  config: AppConfig,
  options: BuildOptions = {},
): Promise<{ app: FastifyInstance; logs: LogCapture }> {
  const logs = new LogCapture();
  const app = await buildApp(config, { logStream: logs, logLevel: 'debug', ...options });
  await app.ready();
  return { app, logs };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Acts like the web app in a browser: one cookie jar, the CSRF header on unsafe methods. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;
  readonly responses: LightMyRequestResponse[] = [];

  constructor(public app: FastifyInstance) {}

  /** A browser that has opened its session (cookie and CSRF token), as the web app does first. */
  static async started(app: FastifyInstance): Promise<Browser> {
    const browser = new Browser(app);
    await browser.start();
    return browser;
  }

  async start(): Promise<void> {
    const res = await this.request('GET', apiPaths.session);
    this.csrf = res.json<{ csrfToken: string }>().csrfToken;
  }

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
        ...(method !== 'GET' && this.csrf ? { [CSRF_HEADER]: this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value;
    this.responses.push(res);
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /**
   * A GET whose answer may never end (server-sent events): resolves once the headers are sent; the
   * caller reads `stream` and destroys it (the server then sees the browser go away).
   */
  async openStream(
    url: string,
  ): Promise<{ statusCode: number; headers: Record<string, unknown>; stream: Readable }> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {},
      payloadAsStream: true,
    });
    return { statusCode: res.statusCode, headers: res.headers, stream: res.stream() };
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  put(url: string, body: unknown = {}) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json<T>();
}

/** A loopback port nothing listens on (fetch refuses "bad ports" such as 1, so pick a real one). */
export function closedPort(): Promise<number> {
  return freeLoopbackPort();
}
