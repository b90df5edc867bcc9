// `pnpm start`: builds the web app when it has not been built yet, then serves the wizard on one port.
// With no Harbor configured the server also starts the two demo Harbors (see README).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = join(root, 'apps', 'server', 'src', 'server.ts');
const webIndex = join(root, 'apps', 'web', 'dist', 'index.html');

function step(args) {
  const result = spawnSync('pnpm', args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(serverEntry)) {
  console.error('The wizard server (apps/server) is not built yet: there is nothing to start.');
  process.exit(1);
}
if (!existsSync(webIndex) || process.argv.includes('--rebuild')) {
  console.log('Building the web app (apps/web) ...');
  step(['--filter', '@hw/web', 'run', 'build']);
}
step(['--filter', '@hw/server', 'run', 'start']);
