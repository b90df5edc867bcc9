// Bundle: initial JS and CSS (gzip) of apps/web/dist, per chunk, against a bare React 19 page built
// in the same run with the same Vite and React plugin. "Initial" = what index.html makes the browser
// fetch before the first paint: the entry script, its modulepreloads and the stylesheets.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.join(benchDir, '..', 'apps', 'web');
const distDir = path.join(webDir, 'dist');
const resultsDir = path.join(benchDir, '.results');
const BUDGET_KB = 150;

const webRequire = createRequire(path.join(webDir, 'package.json'));
const vite = await import(pathToFileURL(webRequire.resolve('vite')).href);
const react = (await import(pathToFileURL(webRequire.resolve('@vitejs/plugin-react')).href)).default;
const viteVersion = JSON.parse(readFileSync(webRequire.resolve('vite/package.json'), 'utf8')).version;
const reactVersion = JSON.parse(
  readFileSync(path.join(path.dirname(webRequire.resolve('react')), 'package.json'), 'utf8'),
).version;

const gzipKb = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
const rawKb = (file) => statSync(file).size / 1024;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The files index.html loads up front, in document order. */
function initialAssets(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const assets = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const ref = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (!ref || /^https?:/.test(ref)) continue;
    const isScript = tag.startsWith('<script') && /type="module"/.test(tag);
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    const kind = isScript
      ? 'entry'
      : rel === 'modulepreload'
        ? 'modulepreload'
        : rel === 'stylesheet'
          ? 'stylesheet'
          : null;
    if (!kind) continue;
    const file = path.join(dir, ref.replace(/^\//, ''));
    if (existsSync(file))
      assets.push({ kind, file: path.relative(dir, file), gzipKb: gzipKb(file), rawKb: rawKb(file) });
  }
  return assets;
}

async function ensureWebBuild() {
  const indexHtml = path.join(distDir, 'index.html');
  const reasons = [];
  if (!existsSync(indexHtml)) reasons.push('apps/web/dist was missing');
  else {
    const built = statSync(indexHtml).mtimeMs;
    const sources = Math.max(
      newestMtime(path.join(webDir, 'src')),
      statSync(path.join(webDir, 'index.html')).mtimeMs,
    );
    if (sources > built) reasons.push('apps/web/src changed after the last build');
  }
  if (reasons.length === 0) return 'used the existing apps/web/dist (newer than every source file)';
  process.stdout.write(`  building apps/web (${reasons.join(', ')}) ...\n`);
  try {
    await vite.build({ root: webDir, logLevel: 'error', mode: 'production' });
  } catch (error) {
    if (!existsSync(indexHtml)) throw error;
    return `the web app's current source did not build (${String(error?.message ?? error).split('\n')[0]}), so the existing apps/web/dist was measured`;
  }
  return `built apps/web with its own vite.config because ${reasons.join(', ')}`;
}

/** A bare React 19 page (two files written now), built with the web app's Vite, plugin and build target. */
async function buildBaseline() {
  const loaded = await vite.loadConfigFromFile(
    { command: 'build', mode: 'production' },
    undefined,
    webDir,
    'silent',
  );
  const target = loaded?.config?.build?.target ?? 'es2022';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hw-bench-bare-react-'));
  try {
    mkdirSync(path.join(dir, 'node_modules'));
    for (const pkg of ['react', 'react-dom']) {
      symlinkSync(
        path.dirname(webRequire.resolve(`${pkg}/package.json`)),
        path.join(dir, 'node_modules', pkg),
        'dir',
      );
    }
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html>\n<html lang="en"><head><meta charset="UTF-8" /><title>bare</title></head>\n<body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>\n',
    );
    writeFileSync(
      path.join(dir, 'main.jsx'),
      "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\n\ncreateRoot(document.getElementById('root')).render(<StrictMode><h1>Hello</h1></StrictMode>);\n",
    );
    await vite.build({
      root: dir,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      plugins: [react()],
      build: { target, outDir: path.join(dir, 'dist') },
    });
    return { target, assets: initialAssets(path.join(dir, 'dist')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const buildNote = await ensureWebBuild();
const web = initialAssets(distDir);
const baseline = await buildBaseline();

const sum = (assets, kinds) => assets.filter((a) => kinds.includes(a.kind)).reduce((n, a) => n + a.gzipKb, 0);
const webJs = sum(web, ['entry', 'modulepreload']);
const webCss = sum(web, ['stylesheet']);
const baseJs = sum(baseline.assets, ['entry', 'modulepreload']);
const baseCss = sum(baseline.assets, ['stylesheet']);

const initialFiles = new Set(web.map((a) => a.file));
const lazy = readdirSync(path.join(distDir, 'assets'))
  .map((f) => `assets/${f}`)
  .filter((f) => f.endsWith('.js') && !initialFiles.has(f))
  .map((f) => ({ file: f, gzipKb: gzipKb(path.join(distDir, f)) }))
  .sort((a, b) => b.gzipKb - a.gzipKb);
const lazyTotal = lazy.reduce((n, a) => n + a.gzipKb, 0);

const kb = (v) => `${v.toFixed(1)} kB`;
const details = [
  '| initial file | loaded as | raw | gzip |',
  '|---|---|---:|---:|',
  ...web.map((a) => `| \`${a.file}\` | ${a.kind} | ${kb(a.rawKb)} | ${kb(a.gzipKb)} |`),
  ...baseline.assets.map((a) => `| baseline \`${a.file}\` | ${a.kind} | ${kb(a.rawKb)} | ${kb(a.gzipKb)} |`),
  '',
  `Lazy JS chunks (not in the initial load): ${lazy.length} files, ${kb(lazyTotal)} gzip in total; largest: ${
    lazy
      .slice(0, 5)
      .map((a) => `\`${a.file}\` ${kb(a.gzipKb)}`)
      .join(', ') || 'none'
  }.`,
].join('\n');

const result = {
  name: 'bundle-size',
  title: 'Bundle (initial load of apps/web)',
  figures: [
    {
      figure: 'initial JS, gzip',
      value: kb(webJs),
      baseline: `${kb(baseJs)} (bare React ${reactVersion} page)`,
      ratio: `${(webJs / baseJs).toFixed(2)}×`,
      budget: `≤ ${BUDGET_KB} kB`,
      verdict: webJs <= BUDGET_KB ? 'holds' : 'over budget',
    },
    {
      figure: 'initial CSS, gzip',
      value: kb(webCss),
      baseline: kb(baseCss),
      ratio: baseCss > 0 ? `${(webCss / baseCss).toFixed(2)}×` : '—',
      verdict: 'no budget',
    },
    {
      figure: 'initial JS + CSS, gzip',
      value: kb(webJs + webCss),
      baseline: kb(baseJs + baseCss),
      ratio: `${((webJs + webCss) / (baseJs + baseCss)).toFixed(2)}×`,
      verdict: 'no budget',
    },
  ],
  notes: [
    `Vite ${viteVersion} with @vitejs/plugin-react, build target ${String(baseline.target)} for both; gzip level 9; ${buildNote}.`,
    'Initial = the entry script, every <link rel="modulepreload"> and every stylesheet in dist/index.html.',
  ],
  details,
  durationMs: Date.now() - started,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'bundle-size.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const f of result.figures)
  process.stdout.write(`  ${f.figure}: ${f.value} (baseline ${f.baseline}) -> ${f.verdict}\n`);
