// How many requests the web app's run step sends per minute while an execution runs and while none
// does. Measured in a headless Chromium when one is installed (Playwright from e2e/, Debian's
// /usr/bin/chromium); otherwise computed from the `refetchInterval`s written in apps/web/src.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { apiPaths } from '@hw/wizard-api';
import type { ApiClient } from './api-client.ts';
import { sleep } from './measure.ts';
import { repoRoot } from './result.ts';

/** Harbor's portal refreshes its execution list every 10 s (the comparison the issue asks for). */
export const PORTAL_POLL_SECONDS = 10;
const WINDOW_MS = 20_000;
const SETTLE_MS = 3_000;
const SESSION_COOKIE = 'hw_session';
const HOLD_MS = 6_000;

export type PollingFigure = {
  when: 'while one execution runs' | 'while none runs';
  perMinute: number | null;
};
export type PollingResult = { figures: PollingFigure[]; notes: string[] };
type Context = {
  serverUrl: string;
  client: ApiClient;
  setupId: string;
  sourceUrl: string;
  targetUrl: string;
};

const webSrc = path.join(repoRoot, 'apps', 'web', 'src');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__' && entry.name !== 'testing') out.push(...sourceFiles(full));
    } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Numeric constants of a file (`const POLL_MS = 2_000`, `= 5 * 1000`), for resolving intervals. */
function constants(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const m of text.matchAll(
    /(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(?::\s*number\s*)?=\s*([\d_ .*]+);/g,
  )) {
    const value = evalNumber(m[2] ?? '');
    if (value !== null && m[1]) map.set(m[1], value);
  }
  // Settings objects: `const polling = { intervalMs: 2000 }` resolves `polling.intervalMs`.
  for (const m of text.matchAll(/(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*\{([^{}]*)\}/g)) {
    for (const prop of (m[2] ?? '').matchAll(/([A-Za-z_$][\w$]*)\s*:\s*([\d_ .*]+)(?=,|$|\s*\})/g)) {
      const value = evalNumber(prop[2] ?? '');
      if (value !== null && m[1] && prop[1]) map.set(`${m[1]}.${prop[1]}`, value);
    }
  }
  return map;
}

function evalNumber(expr: string): number | null {
  const parts = expr
    .replaceAll('_', '')
    .split('*')
    .map((p) => Number(p.trim()));
  if (parts.length === 0 || parts.some((p) => !Number.isFinite(p))) return null;
  return parts.reduce((a, b) => a * b, 1);
}

type Interval = { file: string; line: number; expression: string; ms: number | null; conditional: boolean };

export function configuredIntervals(): Interval[] {
  const files = sourceFiles(webSrc);
  const globals = new Map<string, number>();
  const texts = new Map<string, string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    texts.set(f, text);
    for (const [k, v] of constants(text)) globals.set(k, v);
  }
  const found: Interval[] = [];
  for (const [file, text] of texts) {
    const local = constants(text);
    for (const m of text.matchAll(/refetchInterval\s*:\s*([^,\n}]+(?:\n\s*[?:][^,\n}]+)*)/g)) {
      const expression = (m[1] ?? '').replace(/\s+/g, ' ').trim();
      const numbers = [
        ...expression.matchAll(/\b(\d[\d_]*)\b|\b([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\b/g),
      ]
        .map((t) => (t[1] ? evalNumber(t[1]) : (local.get(t[2] ?? '') ?? globals.get(t[2] ?? '') ?? null)))
        .filter((v): v is number => v !== null && v >= 100);
      found.push({
        file: path.relative(repoRoot, file),
        line: text.slice(0, m.index).split('\n').length,
        expression,
        ms: numbers.length > 0 ? Math.min(...numbers) : null,
        conditional: /[?]|=>|\bfalse\b|function/.test(expression),
      });
    }
  }
  return found;
}

function fromConfiguration(reason: string): PollingResult {
  const intervals = configuredIntervals();
  const notes = [`Polling computed from the configured intervals, not observed: ${reason}.`];
  if (intervals.length === 0) {
    notes.push(
      'apps/web/src sets no `refetchInterval` yet, so the run step does not poll (it refreshes only when the operator acts).',
    );
    return {
      figures: [
        { when: 'while one execution runs', perMinute: 0 },
        { when: 'while none runs', perMinute: 0 },
      ],
      notes,
    };
  }
  const rate = (list: Interval[]): number | null =>
    list.some((i) => i.ms === null) ? null : list.reduce((n, i) => n + 60_000 / (i.ms ?? 1), 0);
  notes.push(
    `Intervals found: ${intervals.map((i) => `${i.file}:${i.line} \`refetchInterval: ${i.expression}\` → ${i.ms === null ? 'unresolved' : `${i.ms} ms`}${i.conditional ? ' (conditional: assumed to poll only while an execution is not final)' : ''}`).join('; ')}.`,
    'Assumes every polling query is mounted on the run step at once; one request per interval per query.',
  );
  return {
    figures: [
      { when: 'while one execution runs', perMinute: rate(intervals) },
      { when: 'while none runs', perMinute: rate(intervals.filter((i) => !i.conditional)) },
    ],
    notes,
  };
}

type Browser = { newContext(): Promise<BrowserContext>; close(): Promise<void> };
type BrowserContext = {
  addCookies(cookies: { name: string; value: string; url: string }[]): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
};
type Page = {
  on(event: 'request', fn: (r: { url(): string; method(): string }) => void): void;
  goto(url: string): Promise<unknown>;
};
type Chromium = {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
};

async function loadChromium(): Promise<{ chromium: Chromium; executable: string } | string> {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executable))
    return `no Chromium at ${executable} (install Debian's chromium or set CHROMIUM_PATH to observe it)`;
  try {
    const e2eRequire = createRequire(path.join(repoRoot, 'e2e', 'package.json'));
    const mod = (await import(pathToFileURL(e2eRequire.resolve('@playwright/test')).href)) as {
      chromium?: Chromium;
      default?: { chromium?: Chromium };
    };
    const chromium = mod.chromium ?? mod.default?.chromium;
    return chromium ? { chromium, executable } : 'Playwright from e2e/ exposes no chromium launcher';
  } catch (error) {
    return `Playwright could not be loaded from e2e/ (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function countRequests(
  browser: Browser,
  ctx: Context,
  windowMs: number,
): Promise<{
  perMinute: number;
  paths: Map<string, number>;
  meanGapMs: number | null;
  beforeWindow: number;
}> {
  const context = await browser.newContext();
  try {
    await context.addCookies([
      { name: SESSION_COOKIE, value: ctx.client.cookie.split('=').slice(1).join('='), url: ctx.serverUrl },
    ]);
    const page = await context.newPage();
    const seen: { at: number; path: string }[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/'))
        seen.push({
          at: Date.now(),
          path: `${r.method()} ${url.pathname.replace(ctx.setupId, ':id').replace(/\/\d+(?=\/|$)/g, '/:n')}`,
        });
    });
    await page.goto(`${ctx.serverUrl}/setup/${encodeURIComponent(ctx.setupId)}/run`);
    await sleep(SETTLE_MS);
    const from = Date.now();
    await sleep(windowMs);
    const inWindow = seen.filter((s) => s.at >= from);
    const paths = new Map<string, number>();
    for (const s of inWindow) paths.set(s.path, (paths.get(s.path) ?? 0) + 1);
    // Mean gap between successive requests of the same path: the interval the browser really kept.
    const gaps: number[] = [];
    for (const p of paths.keys()) {
      const times = inWindow.filter((s) => s.path === p).map((s) => s.at);
      for (let i = 1; i < times.length; i++) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0));
    }
    const meanGapMs = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null;
    return {
      perMinute: (inWindow.length * 60_000) / windowMs,
      paths,
      meanGapMs,
      beforeWindow: seen.length - inWindow.length,
    };
  } finally {
    await context.close();
  }
}

export async function measurePolling(ctx: Context): Promise<PollingResult> {
  const loaded = await loadChromium();
  if (typeof loaded === 'string') return fromConfiguration(loaded);
  const browser = await loaded.chromium.launch({
    executablePath: loaded.executable,
    headless: true,
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const notes: string[] = [];
  try {
    const describe = (paths: Map<string, number>): string =>
      [...paths].map(([p, n]) => `${p} ×${n}`).join(', ') || 'none';
    // Nothing running: every execution so far is final.
    const idle = await countRequests(browser, ctx, WINDOW_MS);
    // One running execution held open: the target answers each call the replication makes (version
    // probe, project check, registry challenge, token, manifest) after a delay well under the
    // replicator's 10 s timeout, so the chain keeps the execution InProgress for the whole window.
    const hold = {
      path: '^/(api/version|api/v2\\.0/projects|v2/|service/token)',
      delayMs: HOLD_MS,
      times: 1000,
    };
    await (
      await fetch(`${ctx.targetUrl}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(hold),
      })
    ).arrayBuffer();
    if (idle.beforeWindow + idle.paths.size === 0)
      return fromConfiguration(
        'the web app did not load in headless Chromium (no /api/ request at all; is apps/web/dist built?)',
      );
    const startedExecution = (await ctx.client.post<{ id: number }>(apiPaths.executions(ctx.setupId))).body;
    const running = await countRequests(browser, ctx, WINDOW_MS);
    const after = (
      await ctx.client.get<{ status: string; final: boolean }>(
        apiPaths.execution(ctx.setupId, startedExecution.id),
      )
    ).body;
    await (
      await fetch(`${ctx.targetUrl}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reset: true }),
      })
    ).arrayBuffer();
    const configured = configuredIntervals();
    notes.push(
      `Polling observed in headless Chromium on /setup/:id/run for ${WINDOW_MS / 1000} s per case after ${SETTLE_MS / 1000} s to settle; every /api/ request counted. While one runs, the target simulator answers each call of the replication after ${HOLD_MS / 1000} s (an injected delay), so the execution stays InProgress for the whole window.`,
      `Configured in apps/web/src: ${configured.map((i) => `${i.file}:${i.line} → ${i.ms === null ? 'unresolved' : `${i.ms} ms`}${i.conditional ? ' (only while not final)' : ''}`).join('; ') || 'no refetchInterval'}.`,
      `Execution ${startedExecution.id} was ${after.status} when the window closed; the page sent ${running.beforeWindow} requests while loading (${idle.beforeWindow} in the idle case).`,
      `While one runs: ${describe(running.paths)}${running.meanGapMs === null ? '' : `; the same request repeated every ${(running.meanGapMs / 1000).toFixed(1)} s on average`}. While none runs: ${describe(idle.paths)}.`,
    );
    return {
      figures: [
        { when: 'while one execution runs', perMinute: running.perMinute },
        { when: 'while none runs', perMinute: idle.perMinute },
      ],
      notes,
    };
  } finally {
    await browser.close();
  }
}
