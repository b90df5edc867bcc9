// Measures what the browser must download before the first paint: the entry chunk and every chunk
// it imports statically (transitively), gzip-compressed. Lazy chunks are listed separately.
// Usage: node scripts/bundle-size.mjs [--json]   (after `vite build`)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gzipKb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;

const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
if (!entry) throw new Error('no entry chunk in the Vite manifest; run vite build first');

const initial = new Set();
const visit = (chunk) => {
  if (initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const key of chunk.imports ?? []) visit(manifest[key]);
};
visit(entry);

const all = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
const lazy = all.filter((f) => !initial.has(f));
const initialKb = [...initial].reduce((sum, f) => sum + gzipKb(f), 0);
const result = {
  initialGzipKb: Number(initialKb.toFixed(1)),
  budgetKb: 150,
  withinBudget: initialKb <= 150,
  initial: [...initial].map((f) => ({ file: f, gzipKb: Number(gzipKb(f).toFixed(1)) })),
  lazy: lazy
    .map((f) => ({ file: f, gzipKb: Number(gzipKb(f).toFixed(1)) }))
    .sort((a, b) => b.gzipKb - a.gzipKb),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `initial JS: ${result.initialGzipKb} kB gzip (budget ${result.budgetKb} kB) ${result.withinBudget ? 'OK' : 'OVER BUDGET'}`,
  );
  for (const c of result.initial) console.log(`  initial ${c.gzipKb.toFixed(1).padStart(6)} kB  ${c.file}`);
  for (const c of result.lazy) console.log(`  lazy    ${c.gzipKb.toFixed(1).padStart(6)} kB  ${c.file}`);
}
process.exitCode = result.withinBudget ? 0 : 1;
