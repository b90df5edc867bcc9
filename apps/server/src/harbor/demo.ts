// The two Harbors of the demo: harbor-sim instances in this process, one seeded as a busy source
// registry and one nearly empty target. Their admin passwords never leave the server.
import { randomBytes } from 'node:crypto';

import type { SimControl } from '@hw/harbor-sim';
import { createHarborSim } from '@hw/harbor-sim';

export type DemoHarbor = {
  name: string;
  url: string;
  username: string;
  password: string;
  control: SimControl;
};
export type DemoHarbors = { source: DemoHarbor; target: DemoHarbor; close(): Promise<void> };

export async function startDemoHarbors(): Promise<DemoHarbors> {
  const admin = () => ({ username: 'admin', password: `Demo-${randomBytes(12).toString('base64url')}` });
  const sourceAdmin = admin();
  const targetAdmin = admin();
  // harbor-sim seeds a busy registry for "…source" and the small target profile for names with "-target".
  const source = await createHarborSim({ name: 'demo source', seed: 'demo-source', admin: sourceAdmin });
  try {
    const target = await createHarborSim({ name: 'demo target', seed: 'demo-target', admin: targetAdmin });
    return {
      source: { name: 'demo source', url: source.url, ...sourceAdmin, control: source.control },
      target: { name: 'demo target', url: target.url, ...targetAdmin, control: target.control },
      async close() {
        await Promise.all([source.close(), target.close()]);
      },
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}
