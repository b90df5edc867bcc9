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
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${harbors[sim].url}/__sim/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
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
  /** The simulated Harbor's own time (its clock can run ahead of this machine's). */
  now: async (name: SimName): Promise<Date> => {
    const state = (await control(name, 'GET', 'state')) as { now: string };
    return new Date(state.now);
  },
  /** Moves the simulated Harbor's clock forward (robot expiry and schedules follow it). */
  advanceClock: (name: SimName, seconds: number) => control(name, 'POST', 'clock/advance', { seconds }),
  /** Sets a robot's `expires_at` (Unix seconds, -1 = never) by its full name. */
  setRobotExpiry: (name: SimName, robot: string, expiresAt: number) =>
    control(name, 'POST', 'robots/expiry', { name: robot, expires_at: expiresAt }),
  /** The next `count` executions of the rule stay InProgress, their tasks pending, until released. */
  holdExecutions: (name: SimName, policyId: number, count = 1) =>
    control(name, 'POST', 'executions/hold', { policy_id: policyId, count }),
  releaseExecutions: (name: SimName, executionId?: number) =>
    control(
      name,
      'POST',
      'executions/release',
      executionId === undefined ? {} : { execution_id: executionId },
    ),
};

/** Starts the rule on its Harbor as an administrator would, and waits until the execution is final. */
export async function runRule(sim: SimName, policyId: number) {
  const client = adminClient(sim);
  const { id } = await client.executions.start(policyId);
  return finalExecution(sim, id);
}

/** Waits until an execution has left InProgress (a replication takes up to a minute). */
export async function finalExecution(sim: SimName, executionId: number) {
  const client = adminClient(sim);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const execution = await client.executions.get(executionId);
    if (execution.status !== 'InProgress') return execution;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} is still InProgress after a minute`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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
