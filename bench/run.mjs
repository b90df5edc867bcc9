// `pnpm bench`: runs every benchmark in its own process, one after another (they share 2 cores), then
// writes bench/RESULTS.md from the JSON each one left in bench/.results/. A benchmark that crashes or
// runs out of time is reported as such; nothing here fails on a number.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, '.results');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Whole run stays under 14 minutes on 2 cores: each benchmark gets its share, the run a hard cap. The
 * watch benchmarks measure real minutes (a poll cycle; Harbor calls over a minute per number of tabs).
 */
const TOTAL_BUDGET_MS = 14 * 60_000;
const BENCHMARKS = [
  { name: 'bundle-size', file: 'bundle-size.mjs', timeoutMs: 120_000 },
  { name: 'proxy-overhead', file: 'proxy-overhead.ts', timeoutMs: 150_000 },
  { name: 'dry-run-preview', file: 'dry-run-preview.ts', timeoutMs: 120_000 },
  { name: 'timeline-scale', file: 'timeline-scale.ts', timeoutMs: 300_000 },
  { name: 'server-start', file: 'server-start.ts', timeoutMs: 120_000 },
  { name: 'footprint', file: 'footprint.ts', timeoutMs: 90_000 },
  { name: 'watch-cycle', file: 'watch-cycle.ts', timeoutMs: 240_000 },
  { name: 'operator-effort', file: 'operator-effort.mjs', timeoutMs: 30_000 },
  { name: 'run-watch-calls', file: 'run-watch-calls.ts', timeoutMs: 300_000 },
];

const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const selected = only ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;

function run(bench, timeoutMs) {
  return new Promise((resolve) => {
    const args = bench.file.endsWith('.ts') ? ['--import', tsxLoader, bench.file] : [bench.file];
    const child = spawn(process.execPath, args, { cwd: benchDir, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Its own process group is not used, so end the benchmark; its children exit on disconnect or SIGTERM.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stderr });
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const esc = (s) =>
  String(s ?? '')
    .replaceAll('|', '\\|')
    .replaceAll('\n', ' ');

function render(results, startedAt, totalMs) {
  const m = machine();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`pnpm bench\` (bench/run.mjs). Do not edit by hand: run it again.`,
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.platform}`,
    `- Node: ${m.node}`,
    `- Total run time: ${(totalMs / 1000).toFixed(0)} s`,
    `- Load average (1 min) when the run started: ${results[0]?.load ?? 'n/a'} (other work on the machine shows up here and in each section)`,
    '',
    'Every baseline was measured in the same run on the same machine. Budgets are DESIGN.md §5; a',
    'benchmark reports whether its budget holds and never fails the build on a number.',
    '',
    '| benchmark | figure | value | baseline | ratio | budget | verdict |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    if (!r.result) {
      lines.push(`| ${esc(r.bench.name)} | — | not measured | | | | ${esc(r.failure)} |`);
      continue;
    }
    for (const f of r.result.figures) {
      lines.push(
        `| ${esc(r.result.title)} | ${esc(f.figure)} | ${esc(f.value)} | ${esc(f.baseline ?? '')} | ${esc(f.ratio ?? '')} | ${esc(f.budget ?? '')} | ${f.verdict === 'over budget' ? '**over budget**' : esc(f.verdict)} |`,
      );
    }
  }
  for (const r of results) {
    lines.push('', `## ${r.result?.title ?? r.bench.name}`, '');
    lines.push(
      `Source: \`bench/${r.bench.file}\`${r.result?.durationMs ? `, ran ${(r.result.durationMs / 1000).toFixed(1)} s` : ''}; load average (1 min) before it: ${r.load ?? 'n/a'}.`,
      '',
    );
    if (!r.result) {
      lines.push(`Not measured: ${r.failure}`);
      if (r.stderr) lines.push('', '```', r.stderr.trim().split('\n').slice(-12).join('\n'), '```');
      continue;
    }
    for (const n of r.result.notes) lines.push(`- ${n}`);
    if (r.result.details) lines.push('', r.result.details);
  }
  return `${lines.join('\n')}\n`;
}

const startedAt = new Date();
const t0 = Date.now();
mkdirSync(resultsDir, { recursive: true });
const results = [];
for (const bench of selected) {
  const remaining = TOTAL_BUDGET_MS - (Date.now() - t0);
  const file = path.join(resultsDir, `${bench.name}.json`);
  rmSync(file, { force: true });
  if (!existsSync(path.join(benchDir, bench.file))) {
    results.push({ bench, result: null, failure: `bench/${bench.file} does not exist` });
    continue;
  }
  if (remaining < 10_000) {
    results.push({
      bench,
      result: null,
      failure: `skipped: the ${TOTAL_BUDGET_MS / 60_000}-minute run budget was used up`,
    });
    continue;
  }
  process.stdout.write(`\n▶ ${bench.name}\n`);
  const load = os.loadavg()[0]?.toFixed(2);
  const began = Date.now();
  const outcome = await run(bench, Math.min(bench.timeoutMs, remaining));
  const took = ((Date.now() - began) / 1000).toFixed(1);
  let result = null;
  if (existsSync(file)) {
    try {
      result = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      result = null;
    }
  }
  let failure = '';
  if (!result) {
    failure = outcome.timedOut
      ? `timed out after ${took} s`
      : `exited with ${outcome.signal ?? `code ${outcome.code}`} after ${took} s: ${outcome.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
  }
  results.push({ bench, result, failure, load, stderr: result ? '' : outcome.stderr });
  process.stdout.write(`  (${took} s)\n`);
}
const totalMs = Date.now() - t0;
const markdown = render(results, startedAt, totalMs);
if (only) writeFileSync(path.join(resultsDir, 'RESULTS.partial.md'), markdown);
else writeFileSync(path.join(benchDir, 'RESULTS.md'), markdown);
process.stdout.write(
  `\nbench: ${results.filter((r) => r.result).length}/${results.length} benchmarks measured in ${(totalMs / 1000).toFixed(0)} s; wrote ${only ? 'bench/.results/RESULTS.partial.md' : 'bench/RESULTS.md'}\n`,
);
