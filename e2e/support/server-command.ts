// How e2e starts a wizard server: the harness in support/e2e-server.ts run by the server package's tsx,
// serving the built web app.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const serverCommand = {
  command: 'pnpm',
  args: ['--filter', '@hw/server', 'exec', 'tsx', join(e2eRoot, 'support', 'e2e-server.ts')],
  cwd: e2eRoot,
  staticRoot: join(e2eRoot, '..', 'apps', 'web', 'dist'),
};

/** A fixed key so a restarted server can open the secrets the first one stored. */
export const secretKey = 'a'.repeat(64);
