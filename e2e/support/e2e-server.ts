// The wizard server as e2e runs it: the real app (apps/server) in demo mode, except that the two demo
// Harbors are started here with the simulator's control API on (pushing artifacts, injecting faults)
// and with known passwords, plus a third Harbor behind a self-signed certificate.
// E2E_HARBORS=0 starts only the wizard (the restart scenario points it at the running Harbors).
// E2E_WEB_DIST: copy the built web app to STATIC_ROOT first.
import { cpSync } from 'node:fs';

import { createHarborSim, selfSignedCertificate } from '@hw/harbor-sim';
import type { HarborSim } from '@hw/harbor-sim';

import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { DemoHarbors } from '../../apps/server/src/harbor/demo.ts';
import { harbors } from './harbors.ts';

const port = (url: string) => Number(new URL(url).port);
const sims: HarborSim[] = [];
let demo: DemoHarbors | null = null;

if (process.env.E2E_HARBORS !== '0') {
  const source = await createHarborSim({
    name: 'demo source',
    seed: 'demo-source',
    admin: harbors.source.admin,
    user: harbors.source.user,
    control: true,
    port: port(harbors.source.url),
  });
  sims.push(source);
  const target = await createHarborSim({
    name: 'demo target',
    seed: 'demo-target',
    admin: harbors.target.admin,
    control: true,
    port: port(harbors.target.url),
  });
  sims.push(target);
  sims.push(
    await createHarborSim({
      name: 'self-signed',
      seed: 'self-signed-target',
      admin: harbors.target.admin,
      https: selfSignedCertificate(),
      port: port(harbors.selfSigned.url),
    }),
  );
  demo = {
    source: { name: 'demo source', url: source.url, ...harbors.source.admin, control: source.control },
    target: { name: 'demo target', url: target.url, ...harbors.target.admin, control: target.control },
    async close() {
      await Promise.all(sims.map((s) => s.close()));
    },
  };
}

// E2E_WEB_DIST: serve a private copy of the built web app (a rebuild during the run cannot break it).
if (process.env.E2E_WEB_DIST && process.env.STATIC_ROOT)
  cpSync(process.env.E2E_WEB_DIST, process.env.STATIC_ROOT, { recursive: true });

const config = loadConfig({ ...process.env, DEMO: '0' });
const app = await buildApp(config, { demo });

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await app.close();
  await demo?.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await app.listen({ port: config.port, host: config.host });
