import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborSim } from '../src/index.ts';
import { ADMIN, call, createRobot, PUSH_ACCESS, startSim } from './support/harbor.ts';

let sim: HarborSim;
let robotId: number;
beforeAll(async () => {
  sim = await startSim();
  robotId = (await createRobot(sim, 'src', 'fuzzed', PUSH_ACCESS)).id;
});
afterAll(async () => {
  await sim.close();
});

// Random bodies shaped like the real models, with every field allowed to be any JSON value.
const anyJson = fc.jsonValue({ maxDepth: 3 });
const shaped = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), anyJson, { maxKeys: keys.length });

const targets: {
  method: string;
  path: () => string;
  body: fc.Arbitrary<unknown>;
  allow500?: (body: unknown) => boolean;
}[] = [
  {
    method: 'POST',
    path: () => '/api/v2.0/projects',
    body: shaped(['project_name', 'metadata', 'public', 'storage_limit', 'registry_id']),
  },
  {
    method: 'POST',
    path: () => '/api/v2.0/robots',
    body: shaped(['name', 'level', 'duration', 'permissions', 'description', 'disable', 'secret']),
  },
  {
    method: 'PUT',
    path: () => `/api/v2.0/robots/${robotId}`,
    body: shaped(['name', 'level', 'duration', 'permissions', 'description', 'disable']),
  },
  { method: 'PATCH', path: () => `/api/v2.0/robots/${robotId}`, body: shaped(['secret']) },
  {
    method: 'POST',
    path: () => '/api/v2.0/replication/policies',
    body: shaped([
      'name',
      'src_registry',
      'dest_registry',
      'dest_namespace',
      'dest_namespace_replace_count',
      'filters',
      'trigger',
      'deletion',
      'override',
      'enabled',
      'speed',
      'copy_by_chunk',
      'single_active_replication',
    ]),
    // single_active_replication + event_based is Harbor's own 500 (§8.1).
    allow500: (b) => JSON.stringify(b).includes('event_based'),
  },
  { method: 'POST', path: () => '/api/v2.0/replication/executions', body: shaped(['policy_id']) },
  { method: 'POST', path: () => '/api/v2.0/projects', body: anyJson },
];

describe('robustness', () => {
  it("random bodies never make the simulator answer 5xx (except Harbor's own documented 500s)", async () => {
    for (const t of targets) {
      await fc.assert(
        fc.asyncProperty(t.body, async (body) => {
          const res = await call(sim.url, t.method, t.path(), ADMIN, { body });
          if (res.status >= 500)
            expect(
              t.allow500?.(body),
              `${t.method} ${t.path()} ${JSON.stringify(body)} → ${res.status}`,
            ).toBe(true);
          else expect(res.status).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    }
  });
});
