// Builds the production server into dist/server.js, one minified ES module that `pnpm start` runs
// with plain node (tsx stays for development and tests). Everything is bundled, node_modules
// included: V8 keeps the source text of every module it loads, so one tree-shaken, minified file
// takes several MB less memory than the same code loaded file by file. Only what must stay a file
// of its own is left external: better-sqlite3 (a native addon) and pino with its transports (they
// start worker threads from files).
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(serverDir, 'dist', 'server.js');
const EXTERNAL = ['better-sqlite3', 'pino', 'pino-pretty', 'thread-stream'];

rmSync(join(serverDir, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: [join(serverDir, 'src', 'server.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  external: EXTERNAL,
  // CommonJS packages bundled into an ES module still call require() for node's built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});

const bundledPackages = new Set(
  Object.keys(result.metafile.inputs)
    .map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)?.[1])
    .filter(Boolean),
);
const size = result.metafile.outputs[relative(process.cwd(), outfile)]?.bytes;
console.log(
  `built ${relative(process.cwd(), outfile)}${size ? ` (${(size / 1024).toFixed(0)} kB)` : ''}; bundled from node_modules: ${[...bundledPackages].join(', ') || 'nothing'}`,
);
