// Direct access to the e2e Harbors, beside the wizard: the Harbor API through @hw/harbor-client and the
// simulator's control API (push or delete artifacts, inject faults).
import { createHarborClient, isHarborError } from '@hw/harbor-client';
import type { HarborClient } from '@hw/harbor-client';

import { harbors } from './harbors.ts';
import type { SimName } from './harbors.ts';

export function adminClient(sim: SimName): HarborClient {
  return createHarborClient({ baseUrl: harbors[sim].url, ...harbors[sim].admin });
}

async function control(
  sim: SimName,
  method: 'POST' | 'DELETE',
  path: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${harbors[sim].url}/__sim/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} /__sim/${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

export const sim = {
  pushArtifact: (name: SimName, repository: string, tag: string) =>
    control(name, 'POST', 'artifacts', { repository, tag }),
  deleteArtifact: (name: SimName, repository: string, reference: string) =>
    control(name, 'DELETE', 'artifacts', { repository, reference }),
  fault: (
    name: SimName,
    fault: { method?: string; path: string; status?: number; delayMs?: number; times?: number },
  ) => control(name, 'POST', 'faults', fault),
  resetFaults: (name: SimName) => control(name, 'POST', 'faults', { reset: true }),
};

/** Tag names of every artifact of `project/repository` (empty when the repository does not exist). */
export async function tagsOf(client: HarborClient, project: string, repository: string): Promise<string[]> {
  try {
    const artifacts = await client.artifacts.list(project, repository, { withTag: true, pageSize: 100 });
    return artifacts.items.flatMap((a) => (a.tags ?? []).map((t) => t.name ?? '')).sort();
  } catch (error) {
    if (isHarborError(error) && error.status === 404) return [];
    throw error;
  }
}

/** Harbor's robot update (PUT /robots/{id}) with the admin: the permissions without `action`. */
export async function dropRobotPermission(sim: SimName, robotId: number, action: string): Promise<void> {
  const { url, admin } = harbors[sim];
  const auth = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
  const robotUrl = `${url}/api/v2.0/robots/${robotId}`;
  const robot = (await (await fetch(robotUrl, { headers: { authorization: auth } })).json()) as {
    permissions: { access: { action: string }[] }[];
  };
  const permissions = robot.permissions.map((p) => ({
    ...p,
    access: p.access.filter((a) => a.action !== action),
  }));
  const response = await fetch(robotUrl, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ ...robot, permissions }),
  });
  if (!response.ok) throw new Error(`PUT robot: HTTP ${response.status} ${await response.text()}`);
}
