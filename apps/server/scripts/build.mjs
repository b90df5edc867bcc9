// Builds the production server into dist/server.js, one ES module that `pnpm start` runs with plain
// node (tsx stays for development and tests). Our workspace packages (@hw/*) ship TypeScript source,
// so they are bundled in. Every other package stays an import from node_modules (better-sqlite3 is
// native, pino and fastify load files at run time), as long as apps/server itself resolves it to the
// same file; a package only a workspace package depends on (cronstrue) has to be bundled instead,
// because node resolves dist/server.js's imports from apps/server.
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(serverDir, 'dist', 'server.js');

/** @type {import('esbuild').Plugin} */
const externalsResolvedByServer = {
  name: 'externals-resolved-by-server',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'probe' || args.path.startsWith('@hw/')) return undefined;
      const probe = (resolveDir) =>
        b.resolve(args.path, { kind: args.kind, resolveDir, pluginData: 'probe' });
      const [fromImporter, fromServer] = await Promise.all([
        probe(args.resolveDir),
        probe(join(serverDir, 'src')),
      ]);
      if (fromImporter.external || (fromServer.errors.length === 0 && fromImporter.path === fromServer.path))
        return { path: args.path, external: true };
      return undefined;
    });
  },
};

rmSync(join(serverDir, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: [join(serverDir, 'src', 'server.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [externalsResolvedByServer],
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
