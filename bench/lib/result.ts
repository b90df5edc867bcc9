// The one shape every benchmark reports in; run.mjs turns these files into RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { nowMs, round } from './measure.ts';

export type Verdict = 'holds' | 'over budget' | 'no budget' | 'not measured';

export type Figure = {
  figure: string;
  /** Absolute number with its unit, e.g. "142.3 kB". */
  value: string;
  baseline?: string;
  /** value / baseline, or whatever ratio the budget is stated in. */
  ratio?: string;
  budget?: string;
  verdict: Verdict;
};

export type BenchResult = {
  name: string;
  title: string;
  figures: Figure[];
  /** Plain sentences: how it was measured, what was missing. */
  notes: string[];
  /** Extra markdown (per-chunk tables, lists) placed under the benchmark's section. */
  details?: string;
  durationMs?: number;
};

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '..');
export const resultsDir = path.join(benchDir, '.results');

export function writeResult(result: BenchResult): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  for (const f of result.figures) {
    const extra = [
      f.baseline && `baseline ${f.baseline}`,
      f.ratio && `ratio ${f.ratio}`,
      f.budget && `budget ${f.budget}`,
    ]
      .filter(Boolean)
      .join(', ');
    process.stdout.write(`  ${f.figure}: ${f.value}${extra ? ` (${extra})` : ''} -> ${f.verdict}\n`);
  }
  for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
}

export function verdict(holds: boolean | null): Verdict {
  if (holds === null) return 'not measured';
  return holds ? 'holds' : 'over budget';
}

export function fmt(value: number | null | undefined, unit: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** Reports one benchmark under its name and title, timed from when the reporter was made. */
export function benchReport(name: string, title: string) {
  const started = nowMs();
  return (figures: Figure[], notes: string[]): void =>
    writeResult({ name, title, figures, notes, durationMs: round(nowMs() - started, 0) ?? 0 });
}
