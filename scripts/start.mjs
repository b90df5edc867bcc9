// `pnpm start`: builds the web app and the server when they are missing or older than their sources
// (or always, with --rebuild), then serves the wizard on one port with the built server on plain node.
// With no Harbor configured the server also starts the two demo Harbors (see README).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);
const appFiles = (name, ...entries) => entries.map((entry) => at('apps', name, entry));
const packageSources = (name) => [at('packages', name, 'src'), at('packages', name, 'package.json')];

/** What each build reads (its own sources, the workspace packages it bundles, the lockfile) and writes. */
const builds = [
  {
    name: 'web app (apps/web)',
    filter: '@hw/web',
    output: at('apps', 'web', 'dist', 'index.html'),
    sources: [
      ...appFiles('web', 'src', 'index.html', 'vite.config.ts', 'package.json'),
      ...packageSources('wizard-api'),
      ...packageSources('harbor-client'),
      at('pnpm-lock.yaml'),
    ],
  },
  {
    name: 'server (apps/server)',
    filter: '@hw/server',
    output: at('apps', 'server', 'dist', 'server.js'),
    sources: [
      ...appFiles('server', 'src', 'scripts', 'package.json'),
      ...packageSources('wizard-api'),
      ...packageSources('harbor-client'),
      ...packageSources('harbor-sim'),
      at('pnpm-lock.yaml'),
    ],
  },
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function pnpm(args) {
  const result = spawnSync('pnpm', args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const rebuild = process.argv.includes('--rebuild');
for (const build of builds) {
  const built = existsSync(build.output) ? statSync(build.output).mtimeMs : 0;
  if (rebuild || built < Math.max(...build.sources.map(newestMtime))) {
    console.log(`Building the ${build.name} ...`);
    pnpm(['--filter', build.filter, 'run', 'build']);
  }
}
pnpm(['--filter', '@hw/server', 'run', 'start']);
